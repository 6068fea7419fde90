import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshCurl
import RoleshLua
import RoleshSupport

extension RoleshCommand {
  /// `rolesh plugins list|check`.
  struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the Lua plugins rolesh loads here, their hooks and load errors.", subcommands: [ListPlugins.self, Check.self])

    struct ListPlugins: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "list", abstract: "List plugins and the hooks each defines.")

      func run() throws {
        let report = PluginReport.make()
        if report.isEmpty {
          let environment = Environment.current()
          Terminal.printText("no plugins (user plugins go in \(PluginDiscovery.userDirectory(environment)))")
          return
        }
        for line in report { Terminal.printText(line.text) }
      }
    }

    struct Check: ParsableCommand {
      static let configuration = CommandConfiguration(abstract: "Load every plugin; fail if any cannot be used.")

      func run() throws {
        let report = PluginReport.make()
        for line in report { Terminal.printText(line.text) }
        if report.contains(where: { $0.error != nil }) { throw ExitCode.failure }
        Terminal.printError("rolesh: \(report.count) plugin\(report.count == 1 ? "" : "s") OK")
      }
    }
  }
}

/// One line per plugin file: its origin and hooks, or why it cannot be used.
struct PluginReport {
  var path: String
  var origin: PluginDiscovery.Origin
  var hooks: [String]
  var error: String?

  var text: String {
    if let error { return "\(path) (\(origin.rawValue)): ERROR \(error)" }
    return "\(path) (\(origin.rawValue)): \(hooks.isEmpty ? "no hooks" : hooks.joined(separator: ", "))"
  }

  static func make() -> [PluginReport] {
    let environment = Environment.current()
    return PluginLoader.files(environment: environment, directory: environment.workingDirectory).map { file in
      do {
        let source = try PluginDiscovery.checkSafe(file.path)
        let runtime = try LuaRuntime(
          path: file.path, source: source, environment: environment, transport: { CurlTransport(environment: environment) },
          log: Terminal.printError)
        let hooks = HookPoint.allCases.map(\.rawValue).filter(runtime.hooks.contains)
        return PluginReport(path: file.path, origin: file.origin, hooks: hooks, error: nil)
      } catch {
        return PluginReport(path: file.path, origin: file.origin, hooks: [], error: "\(error)")
      }
    }
  }
}
