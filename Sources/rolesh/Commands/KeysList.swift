import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh keys list [--json]`.
  struct KeysList: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "List stored keys: profile, store, key id, when added and rotated (never a secret).")

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
      let text = KeysCommands.list(json: json, runtime: .live(mfa: .never, warn: Output.printError))
      if json { Output.printOutput(text) } else { Output.printText(text) }
    }
  }
}
