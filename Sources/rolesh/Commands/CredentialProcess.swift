import ArgumentParser

extension RoleshCommand {
  /// `rolesh credential-process PROFILE`: for `credential_process = rolesh credential-process X`.
  struct CredentialProcess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "credential-process", abstract: "Print a profile's credentials as credential_process JSON (Version 1).")

    @Argument(help: "The profile to resolve.", completion: .custom(completeUsableProfiles))
    var profile: String

    @OptionGroup var options: CredentialOptions

    func run() throws {
      try ExportRequest(profile: profile, format: .process, mfaCode: options.mfaCode).perform()
    }
  }
}
