import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh sso populate [--sso-session NAME] [--dry-run]`.
  struct SSOPopulate: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "populate", abstract: "Write a profile for every account and role the session can use into ~/.aws/config.")

    @Option(name: .customLong("sso-session"), help: "The sso-session (default: the current profile's).", completion: .custom(completeSSOSessions))
    var ssoSession: String?

    @Flag(name: .customLong("dry-run"), help: "Print the block instead of writing it.")
    var dryRun = false

    func run() throws {
      let (output, note) = try SSOCommands.populate(
        ssoSession: ssoSession, dryRun: dryRun, runtime: .live(mfa: .never, warn: Output.printError))
      if let output { Output.printOutput(output, terminator: "") }
      if let note { Output.printError(note) }
    }
  }
}
