import RoleshShell

/// Values for `export --format env` (`KEY=value` lines, as in a .env file).
enum ShellQuoting {
  /// Plain when the value needs no quoting, else POSIX single quotes.
  static func posix(_ value: String) -> String {
    let safe = !value.isEmpty && value.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || "@%+=:,./-_".utf8.contains(byte)
    }
    return safe ? value : POSIXQuoting.quote(value)
  }
}
