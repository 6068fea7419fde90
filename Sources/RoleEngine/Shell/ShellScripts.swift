#if canImport(Glibc)
  import Glibc
#endif

/// The integration scripts of `shell/`, embedded at build time, rendered by `rolesh init`.
package enum ShellScripts {
  /// The script text as shipped (with its `@ROLESH_BIN@` placeholder).
  package static func template(_ dialect: ShellDialect) -> String {
    switch dialect {
    case .bash: return String(decoding: PackageResources.rolesh_bash, as: UTF8.self)
    case .zsh: return String(decoding: PackageResources.rolesh_zsh, as: UTF8.self)
    case .fish: return String(decoding: PackageResources.rolesh_fish, as: UTF8.self)
    }
  }

  /// The script with the absolute path of `binary` filled in, quoted for the shell.
  package static func render(_ dialect: ShellDialect, binary: String) -> String {
    template(dialect).replacingPlaceholder(with: dialect.quote(binary))
  }

  /// The absolute path of the running executable.
  package static func currentExecutable() -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments.first ?? "rolesh" }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }
}

extension String {
  fileprivate func replacingPlaceholder(with value: String) -> String {
    var parts = self.split(separator: "@ROLESH_BIN@", omittingEmptySubsequences: false).map(String.init)
    guard parts.count > 1 else { return self }
    let first = parts.removeFirst()
    return parts.reduce(first) { $0 + value + $1 }
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
