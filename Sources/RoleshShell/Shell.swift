import RoleshSupport

/// How a transition is written for the program that applies it: code a shell evaluates, or data
/// (`JSONOperations`) a shell without `eval` applies itself. The contract every rendering keeps
/// is `docs/shell-contract.md`.
package protocol ShellDialect: Sendable {
  /// The name `ROLESH_SHELL` and `rolesh hook NAME` use.
  var name: String { get }
  /// The whole list of operations, as the program reads it.
  func render(_ operations: [ShellOperation]) -> String
}

/// One shell rolesh integrates with. Everything rolesh knows about a shell is in its type:
/// how it quotes, how it renders each operation of a transition, its integration script and
/// how it registers completions. Adding a shell is one new type (and its script and tests)
/// plus a line in `Shells.all`; one without `eval` can use the JSON rendering instead of its own
/// (see `docs/shell-contract.md`).
package protocol Shell: ShellDialect {
  /// A literal that the shell reads back as exactly `value`, whatever its bytes (NUL aside:
  /// no shell variable can hold one, so values with NUL are refused before rendering).
  func quote(_ value: String) -> String
  /// The code for one operation.
  func render(_ operation: ShellOperation) -> String
  /// The integration script as shipped, with its `@ROLESH_BIN@` placeholder.
  var initTemplate: String { get }
  /// The line users add to the shell's startup file to load the integration.
  var setupLine: String { get }
  /// ArgumentParser's generated completion script for this shell, made safe and made to call
  /// the integration's absolute binary path, as `init` appends it.
  func completionScript(generated: String) -> String
  /// The completion script as a file of its own, installed where the shell looks for
  /// completions (packages ship these): by default the generated script as it is.
  func completionFile(generated: String) -> String
}

extension Shell {
  package func completionFile(generated: String) -> String { generated }

  /// The code for a whole list of operations, one per line.
  package func render(_ operations: [ShellOperation]) -> String {
    var code = ""
    for operation in operations {
      code += render(operation)
      code += "\n"
    }
    return code
  }

  /// The integration script with the absolute path of `binary` filled in, quoted.
  package func initScript(binary: String) -> String {
    initTemplate.split(separator: "@ROLESH_BIN@", omittingEmptySubsequences: false).joined(separator: quote(binary))
  }
}

/// What a change of identity does to a shell, as data: each shell renders the list.
package enum ShellOperation: Equatable, Sendable {
  /// Set and export a variable (globally, also when evaluated inside a function).
  case set(String, String)
  /// Remove a variable.
  case unset(String)
  /// Copy a variable's current value into a shell-local (never exported) variable, so a value
  /// the user had — possibly a secret — can be restored without passing through rolesh.
  case save(String)
  /// Put a saved value back and forget the copy.
  case restore(String)
  /// Forget a saved copy.
  case forget(String)
  /// A line for the person at the terminal (stderr), shown when the change is applied.
  case message(String)
}

/// The shells rolesh supports.
package enum Shells {
  package static let all: [any Shell] = [Bash(), Zsh(), Fish()]

  /// The shell called `name`, if rolesh supports it.
  package static func named(_ name: String) -> (any Shell)? {
    all.first { $0.name == name }
  }

  package static var names: [String] { all.map(\.name) }

  /// Every rendering of a transition: the shells, and the JSON data rendering.
  package static let dialects: [any ShellDialect] = all + [JSONOperations()]

  /// The rendering called `name` (`ROLESH_SHELL`, `rolesh hook NAME`).
  package static func dialect(named name: String) -> (any ShellDialect)? {
    dialects.first { $0.name == name }
  }
}

/// The operations of a transition as data, for shells that cannot evaluate code (nushell,
/// PowerShell, an editor plugin), as direnv's `json` shell is: one JSON array, one object per
/// operation, in order — `{"op": "set", "name": N, "value": V}`, `{"op": "unset", "name": N}`,
/// `{"op": "save", "name": N}`, `{"op": "restore", "name": N}`, `{"op": "forget", "name": N}`,
/// `{"op": "message", "text": T}` (`docs/shell-contract.md` says what each means). Values are
/// JSON strings, so any bytes but NUL arrive as they are.
package struct JSONOperations: ShellDialect {
  package init() {}
  package var name: String { "json" }

  package func render(_ operations: [ShellOperation]) -> String {
    let items: [JSON] = operations.map { operation in
      switch operation {
      case .set(let name, let value): return .object([("op", .string("set")), ("name", .string(name)), ("value", .string(value))])
      case .unset(let name): return .object([("op", .string("unset")), ("name", .string(name))])
      case .save(let name): return .object([("op", .string("save")), ("name", .string(name))])
      case .restore(let name): return .object([("op", .string("restore")), ("name", .string(name))])
      case .forget(let name): return .object([("op", .string("forget")), ("name", .string(name))])
      case .message(let text): return .object([("op", .string("message")), ("text", .string(text))])
      }
    }
    return JSON.array(items).serialized() + "\n"
  }
}

/// POSIX single quotes, in which nothing is special, newlines included: `'` becomes `'\''`.
/// Shared by the POSIX-family shells.
package enum POSIXQuoting {
  package static func quote(_ value: String) -> String {
    // Bytes, not Characters: a quote is one byte in UTF-8, and grapheme breaking would cost
    // more than everything else the prompt hook does.
    var bytes: [UInt8] = [UInt8(ascii: "'")]
    bytes.reserveCapacity(value.utf8.count + 8)
    for byte in value.utf8 {
      if byte == UInt8(ascii: "'") {
        bytes += [UInt8(ascii: "'"), UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "'")]
      } else {
        bytes.append(byte)
      }
    }
    bytes.append(UInt8(ascii: "'"))
    return String(decoding: bytes, as: UTF8.self)
  }

  /// An operation in the POSIX family's syntax. `globalAssignment` makes a plain assignment
  /// global when evaluated inside a function (`typeset -g ` in zsh; bash needs nothing).
  package static func render(_ operation: ShellOperation, globalAssignment: String = "") -> String {
    switch operation {
    case .set(let name, let value): return "export \(name)=\(quote(value));"
    case .unset(let name): return "unset \(name);"
    case .save(let name): return "\(globalAssignment)__rolesh_saved_\(name)=\"${\(name)-}\";"
    case .restore(let name): return "export \(name)=\"${__rolesh_saved_\(name)-}\"; unset __rolesh_saved_\(name);"
    case .forget(let name): return "unset __rolesh_saved_\(name);"
    case .message(let text): return "printf '%s\\n' \(quote(text)) >&2;"
    }
  }
}

/// Variable names that may appear unquoted in generated code: `[A-Za-z_][A-Za-z0-9_]*`.
package enum VariableName {
  package static func isValid(_ name: String) -> Bool {
    let bytes = Array(name.utf8)
    guard let first = bytes.first, !(0x30...0x39).contains(first), bytes.count <= 128 else { return false }
    return bytes.allSatisfy { (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x5F }
  }
}
