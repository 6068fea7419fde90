import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Asks on the terminal whether to log in now. Never without a terminal (the prompt hook,
/// scripts): then the answer is no and the error stands.
enum LoginOffer {
  static func accepted(_ problem: String) -> Bool {
    guard let fd = ControllingTerminal.open() else { return false }
    defer { close(fd) }
    // The prompt is one line (control characters in it are shown escaped): the problem goes on
    // a line of its own first.
    TerminalInput.write(fd, TerminalText.sanitized("rolesh: \(problem)", keepNewlines: false) + "\n")
    guard let answer = try? TerminalInput.readHidden(fd: fd, prompt: "Log in now? [Y/n] ", hidden: false) else { return false }
    let trimmed = PythonText.strip(answer).lowercased()
    return trimmed.isEmpty || trimmed == "y" || trimmed == "yes"
  }
}
