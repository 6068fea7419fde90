/// A value read from an AWS INI file: plain text, or the one-level nested block that botocore
/// builds from a value starting with a newline (`s3 =` followed by indented `key = value` lines).
package enum INIValue: Equatable, Sendable {
  case text(String)
  case nested([String: String])

  /// The text, or `nil` for a nested block.
  package var text: String? {
    if case .text(let value) = self { return value }
    return nil
  }

  /// Python truthiness: an empty string or an empty block is false.
  package var isTruthy: Bool {
    switch self {
    case .text(let value): return !value.isEmpty
    case .nested(let block): return !block.isEmpty
    }
  }

  /// How Python's `str()` would show the value in a message.
  package var displayText: String {
    switch self {
    case .text(let value): return value
    case .nested(let block):
      let body = block.keys.sorted().map { "\(PythonText.repr($0)): \(PythonText.repr(block[$0] ?? ""))" }
      return "{" + body.joined(separator: ", ") + "}"
    }
  }
}

/// Where a section or a key came from, for messages and `rolesh explain`.
package struct SourceLocation: Equatable, Sendable, CustomStringConvertible {
  /// The file path as the user configured it (after `~` and `$VAR` expansion).
  package var file: String
  /// 1-based line number.
  package var line: Int

  package init(file: String, line: Int) {
    self.file = file
    self.line = line
  }

  package var description: String { "\(file):\(line)" }
}

/// One key of a section with its value and the line it was defined on.
package struct INIEntry: Equatable, Sendable {
  package var value: INIValue
  package var location: SourceLocation
}

/// A section after botocore's processing: `[DEFAULT]` keys already added, nested values parsed.
package struct INISection: Equatable, Sendable {
  /// The header text between the brackets, exactly as written.
  package var header: String
  /// Where the header is.
  package var location: SourceLocation
  /// Keys (lowercased) to entries.
  package var entries: [String: INIEntry]

  package subscript(key: String) -> INIValue? { entries[key]?.value }
}

/// A parsed INI file: its sections in file order (without `[DEFAULT]`, whose keys are merged in).
package struct INIDocument: Equatable, Sendable {
  package var path: String
  package var sections: [INISection]

  /// An empty document, used for files that do not exist.
  package static func empty(path: String) -> INIDocument {
    INIDocument(path: path, sections: [])
  }
}
