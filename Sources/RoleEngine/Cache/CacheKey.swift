/// The file name the AWS CLI gives an assume-role or web-identity cache entry (spec §4.2).
///
/// botocore hashes `json.dumps(args, sort_keys=True)` — default separators `", "` and `": "`,
/// `ensure_ascii` escaping — of the STS arguments *as configured*, so the JSON text is built
/// here by hand to be byte-identical. `JSONEncoder` would escape `/` and drop the spaces.
package struct CacheKey: Hashable, Sendable, CustomStringConvertible {
  /// Lowercase hex SHA-1, already safe as a file name.
  package var hash: String

  /// The STS arguments that go into the key.
  package struct Arguments: Equatable, Sendable {
    package var roleArn: INIValue
    /// Only a configured name; a generated default is left out.
    package var roleSessionName: INIValue?
    package var externalId: INIValue?
    package var serialNumber: INIValue?
    /// Canonical decimal text of the integer (a JSON number, never a string).
    package var durationSeconds: String?

    package init(
      roleArn: INIValue, roleSessionName: INIValue? = nil, externalId: INIValue? = nil,
      serialNumber: INIValue? = nil, durationSeconds: String? = nil
    ) {
      self.roleArn = roleArn
      self.roleSessionName = roleSessionName
      self.externalId = externalId
      self.serialNumber = serialNumber
      self.durationSeconds = durationSeconds
    }

    /// The exact text botocore hashes. Keys are listed in code-point order already.
    package var canonicalJSON: String {
      var members: [String] = []
      if let durationSeconds { members.append("\"DurationSeconds\": \(durationSeconds)") }
      if let externalId { members.append("\"ExternalId\": \(PythonJSON.dumps(externalId))") }
      members.append("\"RoleArn\": \(PythonJSON.dumps(roleArn))")
      if let roleSessionName { members.append("\"RoleSessionName\": \(PythonJSON.dumps(roleSessionName))") }
      if let serialNumber { members.append("\"SerialNumber\": \(PythonJSON.dumps(serialNumber))") }
      return "{" + members.joined(separator: ", ") + "}"
    }
  }

  package init(_ arguments: Arguments) {
    hash = Digest.hex(Digest.sha1(Array(arguments.canonicalJSON.utf8)))
  }

  /// `<hash>.json`.
  package var fileName: String { hash + ".json" }

  package var description: String { fileName }
}

/// Python's `json.dumps` with `sort_keys=True`, default separators and `ensure_ascii=True`.
package enum PythonJSON {
  package static func dumps(_ value: INIValue) -> String {
    switch value {
    case .text(let text):
      return dumps(text)
    case .nested(let block):
      // sort_keys orders by code point, which is not Swift's String ordering.
      let keys = block.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
      return "{" + keys.map { "\(dumps($0)): \(dumps(block[$0] ?? ""))" }.joined(separator: ", ") + "}"
    }
  }

  /// A JSON string literal with `ensure_ascii` escaping (lowercase hex, surrogate pairs).
  package static func dumps(_ text: String) -> String {
    var out = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      case "\u{08}": out += "\\b"
      case "\u{0C}": out += "\\f"
      default:
        if scalar.value < 0x20 {
          out += "\\u" + PythonText.hex(scalar.value, width: 4)
        } else if scalar.value < 0x7F || scalar.value == 0x7F {
          out.unicodeScalars.append(scalar)
        } else if scalar.value < 0x10000 {
          out += "\\u" + PythonText.hex(scalar.value, width: 4)
        } else {
          let v = scalar.value - 0x10000
          out += "\\u" + PythonText.hex(0xD800 + (v >> 10), width: 4) + "\\u" + PythonText.hex(0xDC00 + (v & 0x3FF), width: 4)
        }
      }
    }
    return out + "\""
  }
}
