#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// Where the running binary is, for the integration scripts' absolute path.
package enum ShellScripts {
  /// The absolute path of the running executable.
  package static func currentExecutable() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments.first ?? "rolesh" }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

/// The per-shell stamp files the prompt hooks compare mtimes with
/// (`$XDG_STATE_HOME/rolesh/stamps/<shell>-<pid>`).
package enum StampFiles {
  /// Removes stamps untouched for a week (their shells are long gone); `init` calls this.
  package static func prune(_ environment: Environment, now: Timestamp = .now()) {
    let directory = StatePaths.stateHome(environment) + "/rolesh/stamps"
    for name in FileSystem.listDirectory(directory) {
      let path = directory + "/" + name
      if let modified = FileSystem.modificationTime(path), now.secondsSinceEpoch - modified > 7 * 86400 {
        unlink(path)
      }
    }
  }
}
