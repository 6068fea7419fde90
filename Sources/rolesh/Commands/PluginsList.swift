import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh plugins list`.
  struct PluginsList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List plugins and the hooks each defines.")

    func run() throws {
      Output.printText(PluginsReport.make(runtime: .live(mfa: .never, warn: Output.printError)).text)
    }
  }
}
