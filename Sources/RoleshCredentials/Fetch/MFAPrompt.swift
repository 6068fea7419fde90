#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshSupport

/// Supplies MFA codes when, and only when, STS needs one (a cache miss on an `mfa_serial` hop).
package protocol MFACodeSource {
  /// A six-digit code for `serial`, needed to assume a role of `profile`.
  func code(serial: String, profile: String) throws -> String
  /// Whether a person can be asked again when STS refuses the code (a typo, an old code).
  var asksAgain: Bool { get }
}

extension MFACodeSource {
  package var asksAgain: Bool { false }
}

/// Why no MFA code could be had.
package struct MFAError: RoleshError, Equatable, Sendable {
  package var message: String
  /// True when a code was needed and the source deliberately did not ask (the prompt hook).
  package var needsCode: Bool

  package init(message: String, needsCode: Bool = false) {
    self.message = message
    self.needsCode = needsCode
  }

  package var exitStatus: ExitStatus { .failure }
}

/// MFA code rules: exactly six ASCII digits.
package enum MFACode {
  package static func isValid(_ code: String) -> Bool {
    code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }
}

/// A code given on the command line (`--mfa-code`), used once.
package struct FixedMFACode: MFACodeSource {
  package var value: String
  package init(_ value: String) { self.value = value }

  package func code(serial: String, profile: String) throws -> String {
    guard MFACode.isValid(value) else { throw MFAError(message: "--mfa-code must be exactly 6 digits") }
    return value
  }
}

/// Asks on the controlling terminal with echo off, like the AWS CLI's getpass:
/// `Enter MFA code for <serial>: `. A typo is asked again, up to three times. With no
/// terminal it fails and says how to pass a code instead. The code is never echoed or logged.
package struct TerminalMFAPrompt: MFACodeSource {
  package init() {}
  package var asksAgain: Bool { true }

  package func code(serial: String, profile: String) throws -> String {
    guard let fd = ControllingTerminal.open() else {
      throw MFAError(
        message: "profile \(profile) needs an MFA code for \(serial), and there is no terminal to ask on: pass --mfa-code CODE (or add an mfa_code plugin)")
    }
    defer { close(fd) }
    for attempt in 1...3 {
      let line = try TerminalInput.readHidden(fd: fd, prompt: "Enter MFA code for \(serial): ")
      if MFACode.isValid(line) { return line }
      TerminalInput.write(fd, attempt < 3 ? "rolesh: an MFA code is 6 digits; try again\n" : "")
    }
    throw MFAError(message: "no valid MFA code for \(serial) after 3 attempts")
  }
}


/// MFA for the prompt hook and other places that must never wait for a person: a needed code
/// is an error that says so (`needsCode`), which the hook turns into "pending".
package struct NoPromptMFA: MFACodeSource {
  package init() {}
  package func code(serial: String, profile: String) throws -> String {
    throw MFAError(message: "profile \(profile) needs an MFA code for \(serial)", needsCode: true)
  }
}
