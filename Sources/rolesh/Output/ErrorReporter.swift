import ArgumentParser
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The one place errors become messages and exit codes (docs/contract.md, "Exit statuses"). Every rolesh error
/// carries its own message, location and exit status (`RoleshError`); anything else is
/// ArgumentParser's own (usage errors, help, version), which it prints and maps.
enum ErrorReporter {
  static func exit(with error: Error) -> Never {
    if let error = error as? RoleshError {
      if !error.message.isEmpty { Output.printError("rolesh: error: \(error)") }
      Glibc.exit(error.exitStatus.rawValue)
    }
    let code = RoleshCommand.exitCode(for: error)
    // Usage errors read like every other error (`rolesh: error: …`), followed by the usage.
    if code.rawValue != 0 {
      var text = RoleshCommand.fullMessage(for: error)
      if text.hasPrefix("Error: ") { text = "rolesh: error: " + text.dropFirst("Error: ".count) }
      Output.printError(text)
      Glibc.exit(code.rawValue)
    }
    // Through the shell function, stdout is evaluated: help and version text go to stderr.
    if Environment.current()["ROLESH_SHELL"] != nil {
      Output.printError(RoleshCommand.fullMessage(for: error))
      Glibc.exit(code.rawValue)
    }
    RoleshCommand.exit(withError: error)
  }
}
