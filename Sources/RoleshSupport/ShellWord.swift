/// A word to show inside a command people copy from a message: bare when it is plain, else in
/// POSIX single quotes.
package enum ShellWord {
  package static func quote(_ word: String) -> String {
    let plain = !word.isEmpty && word.utf8.allSatisfy { byte in
      (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
        || "@%+=:,./-_".utf8.contains(byte)
    }
    if plain { return word }
    var out = "'"
    for scalar in word.unicodeScalars {
      if scalar == "'" { out += "'\\''" } else { out.unicodeScalars.append(scalar) }
    }
    return out + "'"
  }
}
