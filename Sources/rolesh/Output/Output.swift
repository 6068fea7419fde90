import RoleshSupport

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
}
