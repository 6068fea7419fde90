import ArgumentParser
import RoleEngine
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// Questions asked on the terminal (`/dev/tty`): never on stdin or stdout, which scripts own.
enum TerminalQuestions {
  /// An access key id (shown as typed) and its secret (not echoed).
  static func accessKey() throws -> StoredKey {
    guard let fd = ControllingTerminal.open() else {
      throw ValidationError("no terminal to ask for the key on: use --env with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
    }
    defer { close(fd) }
    let id = PythonText.strip(try TerminalInput.readHidden(fd: fd, prompt: "Access key id: ", hidden: false))
    let secret = PythonText.strip(try TerminalInput.readHidden(fd: fd, prompt: "Secret access key: ", hidden: true))
    return try StoredKey.checked(accessKeyId: id, secretAccessKey: secret)
  }

  /// Yes or no, yes by default; no without a terminal.
  static func confirm(_ question: String) -> Bool {
    guard let fd = ControllingTerminal.open() else { return false }
    defer { close(fd) }
    guard let answer = try? TerminalInput.readHidden(fd: fd, prompt: "\(question) [Y/n] ", hidden: false) else { return false }
    let trimmed = PythonText.strip(answer).lowercased()
    return trimmed.isEmpty || trimmed == "y" || trimmed == "yes"
  }
}
