#if canImport(Glibc)
  import Glibc
#endif

/// A terminal put in another mode for the length of some work, and put back however that ends:
/// by returning, by throwing, or by one of the given signals (the handler restores the terminal,
/// then lets the signal do what it would have done).
package enum TerminalMode {
  /// The settings to put back if a signal arrives meanwhile.
  nonisolated(unsafe) private static var saved = termios()
  nonisolated(unsafe) private static var savedFD: Int32 = -1

  /// Runs `body` with `fd` in the mode `change` makes of its current one; nil, without running
  /// `body`, when `fd` is not a terminal.
  package static func with<T>(
    _ fd: Int32, restoringOn signals: [Int32], _ change: (inout termios) -> Void, _ body: () throws -> T
  ) rethrows -> T? {
    var original = termios()
    guard tcgetattr(fd, &original) == 0 else { return nil }
    saved = original
    savedFD = fd
    var changed = original
    change(&changed)
    tcsetattr(fd, TCSAFLUSH, &changed)
    for sig in signals {
      signal(sig) { number in
        if TerminalMode.savedFD >= 0 { tcsetattr(TerminalMode.savedFD, TCSAFLUSH, &TerminalMode.saved) }
        signal(number, SIG_DFL)
        raise(number)
      }
    }
    defer {
      tcsetattr(fd, TCSAFLUSH, &original)
      savedFD = -1
      for sig in signals { signal(sig, SIG_DFL) }
    }
    return try body()
  }
}

/// Reading a line from a terminal with echo off, restoring the terminal even on Ctrl-C.
package enum TerminalInput {
  package static func write(_ fd: Int32, _ text: String) {
    var bytes = Array(text.utf8)
    _ = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
  }

  package static func readHidden(fd: Int32, prompt: String, hidden: Bool = true) throws -> String {
    let ask = { () -> String in
      write(fd, TerminalText.sanitized(prompt, keepNewlines: false))
      return readLine(fd)
    }
    if hidden, let line = TerminalMode.with(fd, restoringOn: [SIGINT, SIGTERM, SIGHUP, SIGQUIT], {
      $0.c_lflag &= ~tcflag_t(ECHO)
      $0.c_lflag |= tcflag_t(ECHONL)
    }, ask) {
      return line
    }
    return ask()
  }

  private static func readLine(_ fd: Int32) -> String {
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

/// Text for a terminal: control characters that could move the cursor, recolour the screen or
/// retitle the window (ESC, CSI, BEL...) are shown escaped, never sent raw, and so are the
/// bidirectional controls (U+202E and its kin) that would make text read in another order than
/// it is stored. Directory names, STS messages, portal names and plugin log lines all reach
/// stderr through this.
package enum TerminalText {
  package static func sanitized(_ text: String, keepNewlines: Bool = true) -> String {
    var needs = false
    for scalar in text.unicodeScalars where isControl(scalar, keepNewlines: keepNewlines) {
      needs = true
      break
    }
    guard needs else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isControl(scalar, keepNewlines: keepNewlines) {
        let escaped: String
        switch scalar {
        case "\t": escaped = "\\t"
        case "\r": escaped = "\\r"
        case "\n": escaped = "\\n"
        default:
          escaped = scalar.value > 0xFF ? "\\u" + PythonText.hex(scalar.value, width: 4) : "\\x" + PythonText.hex(scalar.value, width: 2)
        }
        out.append(contentsOf: escaped.unicodeScalars)
      } else {
        out.append(scalar)
      }
    }
    return String(out)
  }

  private static func isControl(_ scalar: Unicode.Scalar, keepNewlines: Bool) -> Bool {
    let value = scalar.value
    if value == 0x0A { return !keepNewlines }
    if value < 0x20 || value == 0x7F || (0x80...0x9F).contains(value) { return true }
    // Bidirectional marks, embeddings, overrides and isolates.
    return value == 0x061C || value == 0x200E || value == 0x200F || (0x202A...0x202E).contains(value)
      || (0x2066...0x2069).contains(value)
  }
}

/// The controlling terminal, opened for a prompt.
package enum ControllingTerminal {
  /// `/dev/tty` read-write, or `nil` when the process has none.
  package static func open() -> Int32? {
    let fd = Glibc.open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
    return fd >= 0 ? fd : nil
  }
}

/// Writing to the standard streams with `write(2)`: the whole text or nothing more to do
/// (a short write is resumed; EINTR retried), without C stdio's shared buffers.
package enum StandardStream {
  case output
  case error

  var descriptor: Int32 { self == .output ? 1 : 2 }

  /// Writes all of `bytes`; false if the stream is gone (a closed pipe).
  @discardableResult
  package func write(bytes: [UInt8]) -> Bool {
    bytes.withUnsafeBufferPointer { write(buffer: $0) }
  }

  /// Writes all of `text`; false if the stream is gone (a closed pipe).
  @discardableResult
  package func write(_ text: String) -> Bool {
    var text = text
    return text.withUTF8 { write(buffer: $0) }
  }

  private func write(buffer: UnsafeBufferPointer<UInt8>) -> Bool {
    var offset = 0
    while offset < buffer.count {
      let n = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
      if n < 0 {
        if errno == EINTR { continue }
        return false
      }
      offset += n
    }
    return true
  }
}
