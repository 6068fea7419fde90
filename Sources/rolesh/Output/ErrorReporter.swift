import ArgumentParser
import RoleEngine

#if canImport(Glibc)
  import Glibc
#endif

/// The one place errors become messages and exit codes (design.md §7):
/// 0 ok, 1 failure, 64 usage, 69 network, 77 permission, 78 configuration.
enum ErrorReporter {
  static func exitCode(for error: Error) -> Int32 {
    switch error {
    case is ConfigError: return 78
    default: return RoleshCommand.exitCode(for: error).rawValue
    }
  }

  static func exit(with error: Error) -> Never {
    switch error {
    case let error as ConfigError:
      Terminal.printError("rolesh: error: \(error)")
      Glibc.exit(exitCode(for: error))
    default:
      RoleshCommand.exit(withError: error)
    }
  }
}

/// stdout carries only what was asked for (code or JSON); people-text goes to stderr.
enum Terminal {
  static func printError(_ text: String) {
    fputs(text + "\n", stderr)
  }

  static func printOutput(_ text: String) {
    fputs(text + "\n", stdout)
  }
}
