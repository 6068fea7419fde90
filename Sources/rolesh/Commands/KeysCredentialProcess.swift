import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh keys credential-process PROFILE [--no-session]`: what the profile's line runs.
  struct KeysCredentialProcess: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "credential-process",
      abstract: "Print credential_process JSON for a stored key: a cached GetSessionToken session, or the key with --no-session.")

    @Argument(help: "The profile.", completion: .custom(completeProfiles))
    var profile: String

    @Flag(help: "Print the long-term key itself (for tools that must call IAM without MFA).")
    var noSession = false

    func run() throws {
      Output.printOutput(
        try KeysCommands.credentialProcess(profile, session: !noSession, runtime: .live(mfa: .never, warn: Output.printError)))
    }
  }
}
