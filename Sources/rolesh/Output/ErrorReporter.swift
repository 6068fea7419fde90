import ArgumentParser
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The one place errors become messages and exit codes (design.md §7). Every rolesh error
/// carries its own message, location and exit status (`RoleshError`); anything else is
/// ArgumentParser's own (usage errors, help, version), which it prints and maps.
enum ErrorReporter {
  static func exit(with error: Error) -> Never {
    if let error = error as? RoleshError {
      Terminal.printError("rolesh: error: \(error)")
      Glibc.exit(error.exitStatus.rawValue)
    }
    // Through the shell function, stdout is evaluated: help and version text go to stderr.
    if Environment.current()["ROLESH_SHELL"] != nil {
      Terminal.printError(RoleshCommand.fullMessage(for: error))
      Glibc.exit(RoleshCommand.exitCode(for: error).rawValue)
    }
    RoleshCommand.exit(withError: error)
  }
}

/// stdout carries only what was asked for (code or JSON); people-text goes to stderr, with
/// control characters escaped (a directory name or an STS message must not drive the terminal).
enum Terminal {
  static func printError(_ text: String) {
    StandardStream.error.write(TerminalText.sanitized(text) + "\n")
  }

  /// Code or JSON, exactly as given (a shell or a program reads it).
  static func printOutput(_ text: String, terminator: String = "\n") {
    StandardStream.output.write(text + terminator)
  }

  /// Text for people on stdout (tables, reports): control characters escaped, as on stderr
  /// (a profile name with an escape sequence must not drive the terminal).
  static func printText(_ text: String) {
    StandardStream.output.write(TerminalText.sanitized(text) + "\n")
  }
}
