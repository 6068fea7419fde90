import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh keys remove PROFILE [--yes]`.
  struct KeysRemove: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "remove", abstract: "Delete a profile's stored key and rolesh's credential_process line (only that line).")

    @Argument(help: "The profile.", completion: .custom(completeProfiles))
    var profile: String

    @Flag(help: "Do not ask.")
    var yes = false

    func run() throws {
      guard yes || TerminalQuestions.confirm("Delete the stored key of profile \(profile)?") else {
        throw ValidationError("nothing removed (confirm on a terminal, or pass --yes)")
      }
      for line in try KeysCommands.remove(profile, runtime: .live(mfa: .never, warn: Output.printError)) { Output.printError(line) }
    }
  }
}
