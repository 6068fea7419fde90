import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh keys rotate PROFILE`.
  struct KeysRotate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "rotate", abstract: "Create a new access key, store it, wait until it works, then delete the old one.")

    @Argument(help: "The profile.", completion: .custom(completeProfiles))
    var profile: String

    @OptionGroup var options: CredentialOptions

    func run() throws {
      for line in try KeysCommands.rotate(profile, runtime: options.runtime) { Output.printError(line) }
    }
  }
}
