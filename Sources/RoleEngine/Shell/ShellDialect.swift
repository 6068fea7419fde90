/// The shells rolesh writes code for, and how each quotes and assigns.
///
/// Every value goes through `quote`, so any text — quotes of both kinds, `$()`, backticks,
/// `;`, newlines, CR, tabs, non-ASCII — arrives literally and is never executed.
package enum ShellDialect: String, Sendable, CaseIterable {
  case bash, zsh, fish

  /// A literal for this shell. bash and zsh: POSIX single quotes (`'` as `'\''`), in which
  /// nothing is special, newlines included. fish: single quotes with `\\` and `\'` escaped.
  package func quote(_ value: String) -> String {
    switch self {
    case .bash, .zsh:
      return "'" + value.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    case .fish:
      var out = "'"
      for character in value.unicodeScalars {
        if character == "\\" || character == "'" { out += "\\" }
        out.unicodeScalars.append(character)
      }
      return out + "'"
    }
  }

  /// Sets and exports a variable (global, also when evaluated inside a function).
  package func export(_ name: String, _ value: String) -> String {
    switch self {
    case .bash, .zsh: return "export \(name)=\(quote(value));"
    case .fish: return "set -gx \(name) \(quote(value));"
    }
  }

  /// Removes a variable.
  package func unset(_ name: String) -> String {
    switch self {
    case .bash, .zsh: return "unset \(name);"
    case .fish: return "set -e -g \(name);"
    }
  }

  /// Copies the variable's current value into a shell-local (never exported) variable, so a
  /// value the user had — possibly a secret — can be restored without passing through rolesh.
  package func save(_ name: String) -> String {
    switch self {
    case .bash: return "__rolesh_saved_\(name)=\"${\(name)-}\";"
    case .zsh: return "typeset -g __rolesh_saved_\(name)=\"${\(name)-}\";"
    case .fish: return "set -g __rolesh_saved_\(name) \"$\(name)\";"
    }
  }

  /// Puts a saved value back and forgets the copy.
  package func restore(_ name: String) -> String {
    switch self {
    case .bash, .zsh: return "export \(name)=\"${__rolesh_saved_\(name)-}\"; unset __rolesh_saved_\(name);"
    case .fish: return "set -gx \(name) \"$__rolesh_saved_\(name)\"; set -e -g __rolesh_saved_\(name);"
    }
  }

  /// Forgets a saved value.
  package func forget(_ name: String) -> String {
    switch self {
    case .bash, .zsh: return "unset __rolesh_saved_\(name);"
    case .fish: return "set -e -g __rolesh_saved_\(name);"
    }
  }
}
