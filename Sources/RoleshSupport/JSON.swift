/// A JSON value that keeps object keys in the order they were written, so rolesh's own
/// output has a stable, documented shape and files it rewrites keep their layout.
package enum JSON: Equatable, Sendable {
  case null
  case bool(Bool)
  /// A number kept as its literal text (Python integers are unbounded; nothing is rounded).
  case number(String)
  case string(String)
  case array([JSON])
  case object([(String, JSON)])

  package static func == (lhs: JSON, rhs: JSON) -> Bool {
    switch (lhs, rhs) {
    case (.null, .null): return true
    case (.bool(let a), .bool(let b)): return a == b
    case (.number(let a), .number(let b)): return a == b
    case (.string(let a), .string(let b)): return a == b
    case (.array(let a), .array(let b)): return a == b
    case (.object(let a), .object(let b)):
      return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
    default: return false
    }
  }

  /// `value[key]` for objects (first match), `nil` otherwise.
  package subscript(key: String) -> JSON? {
    guard case .object(let members) = self else { return nil }
    return members.first(where: { $0.0 == key })?.1
  }

  package var stringValue: String? {
    if case .string(let value) = self { return value }
    return nil
  }

  /// An optional string as JSON (`null` when absent).
  package static func optional(_ value: String?) -> JSON {
    value.map(JSON.string) ?? .null
  }

  /// The text of this value in `style`.
  package func serialized(_ style: JSONStyle = .rolesh) -> String {
    var out = ""
    write(to: &out, style, indent: 0)
    return out
  }

  /// Indented text, for people.
  package func serialized(pretty: Bool) -> String { serialized(pretty ? .pretty : .rolesh) }

  private func write(to out: inout String, _ style: JSONStyle, indent: Int) {
    switch self {
    case .null: out += "null"
    case .bool(let value): out += value ? "true" : "false"
    case .number(let text): out += text
    case .string(let text): JSON.quote(text, into: &out, asciiOnly: style.asciiOnly)
    case .array(let items):
      if items.isEmpty { out += "[]"; return }
      out += "["
      for (offset, item) in items.enumerated() {
        if offset > 0 { out += style.itemSeparator }
        if style.pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        item.write(to: &out, style, indent: indent + 1)
      }
      if style.pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "]"
    case .object(let members):
      if members.isEmpty { out += "{}"; return }
      out += "{"
      for (offset, (key, value)) in members.enumerated() {
        if offset > 0 { out += style.itemSeparator }
        if style.pretty { out += "\n" + String(repeating: "  ", count: indent + 1) }
        JSON.quote(key, into: &out, asciiOnly: style.asciiOnly)
        out += style.keySeparator
        value.write(to: &out, style, indent: indent + 1)
      }
      if style.pretty { out += "\n" + String(repeating: "  ", count: indent) }
      out += "}"
    }
  }

  /// The one JSON string escaper. `asciiOnly` is Python's `ensure_ascii` (what botocore and
  /// the AWS CLI hash and write): everything outside `' '...'~'` as lowercase `\uXXXX`, astral
  /// characters as surrogate pairs. Otherwise UTF-8 stays as it is and only control characters,
  /// DEL and the JavaScript line separators are escaped.
  package static func quote(_ text: String, into out: inout String, asciiOnly: Bool) {
    out += "\""
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
        let value = scalar.value
        if value >= 0x20 && value < 0x7F {
          out.unicodeScalars.append(scalar)
        } else if value < 0x20 || value == 0x7F || (asciiOnly && value < 0x10000) || value == 0x2028 || value == 0x2029 {
          out += "\\u" + PythonText.hex(value, width: 4)
        } else if asciiOnly {
          let v = value - 0x10000
          out += "\\u" + PythonText.hex(0xD800 + (v >> 10), width: 4) + "\\u" + PythonText.hex(0xDC00 + (v & 0x3FF), width: 4)
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    out += "\""
  }

  /// A JSON string literal in `style` (for building canonical texts by hand).
  package static func quoted(_ text: String, asciiOnly: Bool) -> String {
    var out = ""
    quote(text, into: &out, asciiOnly: asciiOnly)
    return out
  }

  /// This value with object members sorted by code point, recursively: Python's
  /// `sort_keys=True`.
  package var sortedKeys: JSON {
    switch self {
    case .object(let members):
      return .object(
        members.map { ($0.0, $0.1.sortedKeys) }.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) })
    case .array(let items): return .array(items.map(\.sortedKeys))
    default: return self
    }
  }
}

/// How JSON text is laid out.
package struct JSONStyle: Sendable {
  package var itemSeparator: String
  package var keySeparator: String
  /// Python's `ensure_ascii`.
  package var asciiOnly: Bool
  package var pretty = false

  /// rolesh's own output: `, ` and `: `, UTF-8 kept.
  package static let rolesh = JSONStyle(itemSeparator: ", ", keySeparator: ": ", asciiOnly: false)
  /// Indented, for people.
  package static let pretty = JSONStyle(itemSeparator: ",", keySeparator: ": ", asciiOnly: false, pretty: true)
  /// Python's `json.dumps` defaults: what botocore and the AWS CLI write and hash.
  package static let python = JSONStyle(itemSeparator: ", ", keySeparator: ": ", asciiOnly: true)
  /// `json.dumps(..., separators=(",", ":"))`: the AWS CLI v2's SSO cache keys.
  package static let pythonCompact = JSONStyle(itemSeparator: ",", keySeparator: ":", asciiOnly: true)
}

extension JSON {
  /// Parses RFC 8259 JSON. Returns `nil` for anything malformed (callers turn that into
  /// their own error with context). Lone surrogate escapes are rejected.
  package static func parse(_ bytes: [UInt8]) -> JSON? {
    var parser = Parser(bytes: bytes)
    guard let value = parser.value(depth: 0) else { return nil }
    parser.skipSpace()
    return parser.index == bytes.count ? value : nil
  }

  package static func parse(_ text: String) -> JSON? { parse(Array(text.utf8)) }

  private struct Parser {
    let bytes: [UInt8]
    var index = 0

    mutating func skipSpace() {
      while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    mutating func literal(_ word: String) -> Bool {
      let expected = Array(word.utf8)
      guard index + expected.count <= bytes.count, Array(bytes[index..<(index + expected.count)]) == expected
      else { return false }
      index += expected.count
      return true
    }

    mutating func value(depth: Int) -> JSON? {
      guard depth < 128 else { return nil }
      skipSpace()
      guard index < bytes.count else { return nil }
      switch bytes[index] {
      case UInt8(ascii: "n"): return literal("null") ? .null : nil
      case UInt8(ascii: "t"): return literal("true") ? .bool(true) : nil
      case UInt8(ascii: "f"): return literal("false") ? .bool(false) : nil
      case UInt8(ascii: "\""): return string().map(JSON.string)
      case UInt8(ascii: "["):
        index += 1
        var items: [JSON] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
        while true {
          guard let item = value(depth: depth + 1) else { return nil }
          items.append(item)
          skipSpace()
          guard index < bytes.count else { return nil }
          if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
          if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
          return nil
        }
      case UInt8(ascii: "{"):
        index += 1
        var members: [(String, JSON)] = []
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
        while true {
          skipSpace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: "\""), let key = string() else { return nil }
          skipSpace()
          guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
          index += 1
          guard let item = value(depth: depth + 1) else { return nil }
          members.append((key, item))
          skipSpace()
          guard index < bytes.count else { return nil }
          if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
          if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
          return nil
        }
      default:
        return number()
      }
    }

    mutating func number() -> JSON? {
      let start = index
      func digits() -> Int {
        let begin = index
        while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
        return index - begin
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
      guard index < bytes.count else { return nil }
      if bytes[index] == UInt8(ascii: "0") {
        index += 1
      } else if digits() == 0 {
        return nil
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
        index += 1
        guard digits() > 0 else { return nil }
      }
      if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
        index += 1
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digits() > 0 else { return nil }
      }
      return .number(String(decoding: bytes[start..<index], as: UTF8.self))
    }

    mutating func hex4() -> UInt32? {
      guard index + 4 <= bytes.count else { return nil }
      var value: UInt32 = 0
      for byte in bytes[index..<(index + 4)] {
        value <<= 4
        switch byte {
        case 0x30...0x39: value |= UInt32(byte - 0x30)
        case 0x41...0x46: value |= UInt32(byte - 0x41 + 10)
        case 0x61...0x66: value |= UInt32(byte - 0x61 + 10)
        default: return nil
        }
      }
      index += 4
      return value
    }

    mutating func string() -> String? {
      index += 1
      var scalars = String.UnicodeScalarView()
      var runStart = index
      func flush(_ parser: Parser, upTo end: Int) -> Bool {
        guard let text = String(validating: parser.bytes[runStart..<end], as: UTF8.self) else { return false }
        scalars.append(contentsOf: text.unicodeScalars)
        return true
      }
      while index < bytes.count {
        let byte = bytes[index]
        if byte == UInt8(ascii: "\"") {
          guard flush(self, upTo: index) else { return nil }
          index += 1
          return String(scalars)
        }
        if byte < 0x20 { return nil }
        if byte == UInt8(ascii: "\\") {
          guard flush(self, upTo: index) else { return nil }
          index += 1
          guard index < bytes.count else { return nil }
          let escape = bytes[index]
          index += 1
          switch escape {
          case UInt8(ascii: "\""): scalars.append("\"")
          case UInt8(ascii: "\\"): scalars.append("\\")
          case UInt8(ascii: "/"): scalars.append("/")
          case UInt8(ascii: "b"): scalars.append("\u{08}")
          case UInt8(ascii: "f"): scalars.append("\u{0C}")
          case UInt8(ascii: "n"): scalars.append("\n")
          case UInt8(ascii: "r"): scalars.append("\r")
          case UInt8(ascii: "t"): scalars.append("\t")
          case UInt8(ascii: "u"):
            guard var code = hex4() else { return nil }
            if (0xD800...0xDBFF).contains(code) {
              guard literal("\\u"), let low = hex4(), (0xDC00...0xDFFF).contains(low) else { return nil }
              code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(code) {
              return nil
            }
            guard let scalar = Unicode.Scalar(code) else { return nil }
            scalars.append(scalar)
          default: return nil
          }
          runStart = index
          continue
        }
        index += 1
      }
      return nil
    }
  }
}
