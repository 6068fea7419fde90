#if canImport(Glibc)
  import Glibc
#endif
import RoleEngine
import RoleshSupport

/// `rolesh use` without a profile: the picker, drawn on `/dev/tty` (stdout is the shell
/// function's, which evaluates it) in raw mode, the terminal restored however it ends.
enum PickerTerminal {
  static func pick(runtime: Runtime) throws -> String {
    guard let fd = ControllingTerminal.open(), isatty(fd) == 1 else {
      throw GeneralError("give a profile: rolesh use PROFILE (picking one from a list needs a terminal)", status: .usage)
    }
    defer { close(fd) }
    var picker = try ProfilePicker.make(runtime: runtime)
    let raw: (inout termios) -> Void = {
      $0.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
      $0.c_iflag &= ~tcflag_t(IXON | ICRNL)
    }
    let choice = try TerminalMode.with(fd, restoringOn: [SIGTERM, SIGHUP], raw) { () throws -> String in
      var drawn = 0
      defer { erase(fd, drawn) }
      while true {
        drawn = draw(fd, picker, previous: drawn)
        switch readKey(fd) {
        case .text(let text): picker.type(text)
        case .erase: picker.erase()
        case .clear: picker.clear()
        case .up: picker.move(-1)
        case .down: picker.move(1)
        case .pageUp: picker.move(-10)
        case .pageDown: picker.move(10)
        case .enter:
          if let choice = picker.choice { return choice }
        case .cancel:
          throw Cancelled()
        case .none: break
        }
      }
    }
    guard let choice else { throw GeneralError("cannot use the terminal for the picker", status: .usage) }
    return choice
  }

  enum Key {
    case text(String), erase, clear, up, down, pageUp, pageDown, enter, cancel, none
  }

  private static func readByte(_ fd: Int32, waitMilliseconds: Int32 = -1) -> UInt8? {
    var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    while true {
      let ready = poll(&descriptor, 1, waitMilliseconds)
      if ready < 0 && errno == EINTR { continue }
      guard ready > 0 else { return nil }
      var byte: UInt8 = 0
      let n = read(fd, &byte, 1)
      if n < 0 && errno == EINTR { continue }
      return n == 1 ? byte : nil
    }
  }

  static func readKey(_ fd: Int32) -> Key {
    guard let byte = readByte(fd) else { return .cancel }
    switch byte {
    case 0x0D, 0x0A: return .enter
    case 0x03, 0x04, 0x07: return .cancel
    case 0x7F, 0x08: return .erase
    case 0x15: return .clear
    case 0x10: return .up
    case 0x0E: return .down
    case 0x1B:
      // An escape sequence arrives at once; a lone Esc is a cancel.
      guard let next = readByte(fd, waitMilliseconds: 50) else { return .cancel }
      guard next == 0x5B || next == 0x4F, let final = readByte(fd, waitMilliseconds: 50) else { return .none }
      switch final {
      case 0x41: return .up
      case 0x42: return .down
      case 0x35, 0x36:
        _ = readByte(fd, waitMilliseconds: 50)  // the `~` of PageUp / PageDown
        return final == 0x35 ? .pageUp : .pageDown
      default: return .none
      }
    case 0x20...0x7E: return .text(String(UnicodeScalar(byte)))
    case 0xC0...0xF7:
      // The rest of a UTF-8 character.
      var bytes = [byte]
      let count = byte >= 0xF0 ? 3 : byte >= 0xE0 ? 2 : 1
      for _ in 0..<count {
        guard let more = readByte(fd, waitMilliseconds: 50) else { break }
        bytes.append(more)
      }
      return .text(String(decoding: bytes, as: UTF8.self))
    default: return .none
    }
  }

  /// Draws the picker below the cursor and puts the cursor back on the query line; returns how
  /// many lines it drew.
  private static func draw(_ fd: Int32, _ picker: ProfilePicker, previous: Int) -> Int {
    var size = winsize()
    let width = ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 ? Int(size.ws_col) : 80
    let height = ioctl(fd, UInt(TIOCGWINSZ), &size) == 0 && size.ws_row > 4 ? min(12, Int(size.ws_row) - 3) : 10
    let lines = picker.lines(width: width - 1, height: height)
    var text = "\r\u{1B}[J" + lines.joined(separator: "\r\n")
    if lines.count > 1 { text += "\u{1B}[\(lines.count - 1)A" }
    text += "\r\u{1B}[\(min(DisplayWidth.of(lines[0]), width - 1))C"
    TerminalInput.write(fd, text)
    return lines.count
  }

  private static func erase(_ fd: Int32, _ lines: Int) {
    if lines > 0 { TerminalInput.write(fd, "\r\u{1B}[J") }
  }
}
