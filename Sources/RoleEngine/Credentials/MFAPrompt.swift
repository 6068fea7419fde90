#if canImport(Glibc)
  import Glibc
#endif

/// Supplies MFA codes when, and only when, STS needs one (a cache miss on an `mfa_serial` hop).
package protocol MFACodeSource {
  /// A six-digit code for `serial`, needed to assume a role of `profile`.
  func code(serial: String, profile: String) throws -> String
}

/// Why no MFA code could be had.
package struct MFAError: Error, Equatable, Sendable, CustomStringConvertible {
  package var message: String
  /// True when a code was needed and the source deliberately did not ask (the prompt hook).
  package var needsCode: Bool

  package init(message: String, needsCode: Bool = false) {
    self.message = message
    self.needsCode = needsCode
  }

  package var description: String { message }
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

  package func code(serial: String, profile: String) throws -> String {
    let fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard fd >= 0 else {
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

/// Reading a line from a terminal with echo off, restoring the terminal even on Ctrl-C.
package enum TerminalInput {
  /// The settings to put back if a signal arrives mid-prompt.
  nonisolated(unsafe) private static var saved = termios()
  nonisolated(unsafe) private static var savedFD: Int32 = -1

  package static func write(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
  }

  package static func readHidden(fd: Int32, prompt: String, hidden: Bool = true) throws -> String {
    var original = termios()
    let isTerminal = tcgetattr(fd, &original) == 0
    if isTerminal && hidden {
      saved = original
      savedFD = fd
      var quiet = original
      quiet.c_lflag &= ~tcflag_t(ECHO)
      quiet.c_lflag |= tcflag_t(ECHONL)
      tcsetattr(fd, TCSAFLUSH, &quiet)
      for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
        signal(sig) { number in
          if TerminalInput.savedFD >= 0 { tcsetattr(TerminalInput.savedFD, TCSAFLUSH, &TerminalInput.saved) }
          signal(number, SIG_DFL)
          raise(number)
        }
      }
    }
    defer {
      if isTerminal && hidden {
        tcsetattr(fd, TCSAFLUSH, &original)
        savedFD = -1
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] { signal(sig, SIG_DFL) }
      }
    }
    write(fd, prompt)
    var bytes: [UInt8] = []
    var byte: UInt8 = 0
    while true {
      let n = read(fd, &byte, 1)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 { break }
      if byte == 0x0A || byte == 0x0D { break }
      bytes.append(byte)
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
