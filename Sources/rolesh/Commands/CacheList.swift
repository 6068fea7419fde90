import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh cache list [--json]`.
  struct CacheList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List cache entries and their expiry.")

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
      let (output, note) = try CacheCommands.list(json: json, width: Output.tableWidth, runtime: .live(mfa: .never, warn: Output.printError))
      if json { Output.printOutput(output) } else { Output.printText(output) }
      if let note { Output.printError(note) }
    }
  }
}
