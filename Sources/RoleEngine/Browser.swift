#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// Opens URLs the way people configure it: `$BROWSER` (a command, split into words, given the
/// URL as its last argument — or in place of a `%s`), else `xdg-open`, else `open`.
package struct Browser {
  package var environment: Environment

  package init(environment: Environment) { self.environment = environment }

  /// The command line that opens `url`.
  package func command(for url: String) -> [String] {
    if let browser = environment.nonEmpty("BROWSER"), let words = PythonText.shlexSplit(browser), !words.isEmpty {
      if words.contains("%s") { return words.map { $0 == "%s" ? url : $0 } }
      return words + [url]
    }
    for candidate in ["xdg-open", "open"] where Self.onPath(candidate, environment) { return [candidate, url] }
    return ["xdg-open", url]
  }

  /// Starts the browser without waiting for it.
  package func start(_ url: String) throws -> pid_t {
    try Subprocess.start(command(for: url))
  }

  static func onPath(_ program: String, _ environment: Environment) -> Bool {
    for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") where FileSystem.isRegularFile("\(folder)/\(program)") {
      return true
    }
    return false
  }
}
