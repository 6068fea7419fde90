import RoleshCredentials
import RoleshLua
import RoleshSupport

/// `rolesh plugins list|check`: one line per plugin file here, its origin and hooks, or why it
/// cannot be used.
package struct PluginsReport {
  package struct Line {
    package var path: String
    package var origin: String
    package var hooks: [String]
    package var error: String?

    package var text: String {
      if let error { return "\(path) (\(origin)): ERROR \(error)" }
      return "\(path) (\(origin)): \(hooks.isEmpty ? "no hooks" : hooks.joined(separator: ", "))"
    }
  }

  package var lines: [Line]
  /// Where user plugins go, for the empty report.
  package var userDirectory: String

  package var hasErrors: Bool { lines.contains { $0.error != nil } }

  package static func make(runtime: Runtime) -> PluginsReport {
    let environment = runtime.environment
    let lines = PluginLoader.files(environment: environment, directory: environment.workingDirectory).map { file in
      do {
        return Line(path: file.path, origin: file.origin.rawValue, hooks: try runtime.pluginHooks(file.path), error: nil)
      } catch {
        return Line(path: file.path, origin: file.origin.rawValue, hooks: [], error: "\(error)")
      }
    }
    return PluginsReport(lines: lines, userDirectory: PluginDiscovery.userDirectory(environment))
  }

  /// The report as people read it.
  package var text: String {
    lines.isEmpty ? "no plugins (user plugins go in \(userDirectory))" : lines.map(\.text).joined(separator: "\n")
  }
}
