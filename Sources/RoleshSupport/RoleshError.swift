/// The exit statuses rolesh uses (docs/contract.md, "Exit statuses"). An error decides its own status; the CLI maps
/// it in one place (`ErrorReporter`).
package enum ExitStatus: Int32, Sendable, CaseIterable {
  /// Anything else that went wrong: a credential process, an MFA code, a plugin.
  case failure = 1
  /// The command line itself is wrong.
  case usage = 64
  /// The network or a service is unavailable: DNS, TLS, timeouts, throttling, 5xx.
  case unavailable = 69
  /// Permission denied: AccessDenied, a bad signature, an untrusted or denied file.
  case permission = 77
  /// The configuration is wrong: a profile, a file, a setting.
  case configuration = 78
  /// `exec`: the command exists but cannot be run (the shell's convention).
  case cannotRun = 126
  /// `exec`: the command does not exist.
  case notFound = 127
  /// A person cancelled (Esc, Ctrl-C in the picker): the shell's convention for SIGINT.
  case cancelled = 130
}

/// The one shape of every error rolesh reports: what happened and what to do, where it points
/// (file and line, profile), and the exit status it maps to. Messages never contain a secret.
package protocol RoleshError: Error, CustomStringConvertible {
  /// The process's exit status when this error ends it.
  var exitStatus: ExitStatus { get }
  /// What happened and, where useful, what to do.
  var message: String { get }
  /// The file and line the problem points at, when there is one.
  var location: SourceLocation? { get }
  /// The profile being resolved when the problem was found, when there is one.
  var profile: String? { get }
}

extension RoleshError {
  package var location: SourceLocation? { nil }
  package var profile: String? { nil }
  /// `file:line: message`, the form people and editors both read.
  package var description: String {
    guard let location else { return message }
    return "\(location): \(message)"
  }
}

/// Where a setting came from, for messages and `rolesh explain`.
package struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
  /// The file path as the user configured it (after `~` and `$VAR` expansion).
  package var file: String
  /// 1-based line number.
  package var line: Int

  package init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  /// A setting given on the command line (`--role-arn`): no file, no line.
  package static func commandLine(_ option: String) -> SourceLocation { SourceLocation(file: "command line \(option)", line: 0) }

  package var isCommandLine: Bool { line == 0 }

  package var description: String { isCommandLine ? file : "\(file):\(line)" }
}

/// A person cancelled what they were asked: exit 130 and nothing said (the picker has erased
/// itself; the person knows what they did).
package struct Cancelled: RoleshError, Equatable, Sendable {
  package init() {}
  package var message: String { "" }
  package var exitStatus: ExitStatus { .cancelled }
}

/// A plain failure with a message and a status, for the few places that need no richer type.
package struct GeneralError: RoleshError, Equatable, Sendable {
  package var exitStatus: ExitStatus
  package var message: String
  package var location: SourceLocation?
  package var profile: String?

  package init(_ message: String, status: ExitStatus = .failure, location: SourceLocation? = nil, profile: String? = nil) {
    self.message = message
    self.exitStatus = status
    self.location = location
    self.profile = profile
  }
}
