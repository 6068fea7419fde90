/// Quoting for emitted values (the full per-shell set arrives with the shell integration).
enum ShellQuoting {
  /// POSIX single quotes, only when needed: `it's` becomes `'it'\''s'`.
  static func posix(_ value: String) -> String {
    let safe = value.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || "@%+=:,./-_".utf8.contains(byte)
    }
    if safe && !value.isEmpty { return value }
    return "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
  }
}
