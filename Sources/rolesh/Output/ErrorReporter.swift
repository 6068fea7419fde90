import ArgumentParser
import RoleEngine

#if canImport(Glibc)
  import Glibc
#endif

/// The one place errors become messages and exit codes (design.md §7):
/// 0 ok, 1 failure, 64 usage, 69 network, 77 permission, 78 configuration.
enum ErrorReporter {
  /// The exit code of an error rolesh itself reports; `nil` for ArgumentParser's own
  /// (usage errors, help, version), which it prints and maps.
  static func roleshExitCode(for error: Error) -> Int32? {
    switch error {
    case let error as CredentialError: return roleshExitCode(for: error.underlying) ?? 1
    case is ConfigError: return 78
    case let error as STSError:
      if error.isPermissionDenied { return 77 }
      if error.isInvalidRequest { return 78 }
      return 69
    case is TransportError: return 69
    case let error as ExecFailure: return error.exitCode
    case let error as PluginError: return error.isDenial ? 77 : 1
    case is MFAError, is SourceError, is FileSystemError, is Subprocess.LaunchError: return 1
    default: return nil
    }
  }

  static func exit(with error: Error) -> Never {
    if let code = roleshExitCode(for: error) {
      Terminal.printError("rolesh: error: \(error)")
      Glibc.exit(code)
    }
    // Through the shell function, stdout is evaluated: help and version text go to stderr.
    if Environment.current()["ROLESH_SHELL"] != nil {
      Terminal.printError(RoleshCommand.fullMessage(for: error))
      Glibc.exit(RoleshCommand.exitCode(for: error).rawValue)
    }
    RoleshCommand.exit(withError: error)
  }
}

/// stdout carries only what was asked for (code or JSON); people-text goes to stderr.
enum Terminal {
  static func printError(_ text: String) {
    fputs(text + "\n", stderr)
  }

  static func printOutput(_ text: String, terminator: String = "\n") {
    fputs(text + terminator, stdout)
  }
}
