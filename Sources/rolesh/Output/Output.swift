import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Where the CLI writes. stdout carries only what was asked for (code or JSON); people-text
/// goes to stderr, with control characters escaped (a directory name or an STS message must
/// not drive the terminal).
enum Output {
  /// A line for people, on stderr.
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

  /// Pieces already made safe (a table built as bytes), written one after the other.
  static func printChunks(_ chunks: [[UInt8]]) {
    for chunk in chunks { StandardStream.output.write(bytes: chunk) }
  }

  /// Columns a table on stdout may use: the terminal's width when stdout is one, else
  /// `COLUMNS`, else 100.
  static var tableWidth: Int {
    var size = winsize()
    if isatty(1) == 1, ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 40 { return Int(size.ws_col) }
    if let columns = Environment.current().nonEmpty("COLUMNS").flatMap({ Int($0) }), columns >= 40 { return columns }
    return 100
  }
}
