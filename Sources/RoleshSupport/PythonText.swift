/// Python's text primitives, reproduced exactly.
///
/// botocore's behaviour is defined by CPython's `str.strip`, `str.lower`, `shlex.split`,
/// `int()` and `repr()`, so rolesh uses the same definitions instead of Swift's (which differ
/// on Unicode whitespace, on `_` in numbers, and on quoting rules).
package enum PythonText {
  /// `str.isspace()` for one scalar: bidi class WS, B or S, or category Zs.
  package static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x1F, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
      0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
      return true
    default:
      return false
    }
  }

  /// `str.strip()` with no argument.
  package static func strip(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
    var lower = scalars.startIndex
    var upper = scalars.endIndex
    while lower < upper, isSpace(scalars[lower]) { lower += 1 }
    while upper > lower, isSpace(scalars[upper - 1]) { upper -= 1 }
    return scalars[lower..<upper]
  }

  /// `str.rstrip()` with no argument.
  package static func rstrip(_ scalars: ArraySlice<Unicode.Scalar>) -> ArraySlice<Unicode.Scalar> {
    var upper = scalars.endIndex
    while upper > scalars.startIndex, isSpace(scalars[upper - 1]) { upper -= 1 }
    return scalars[scalars.startIndex..<upper]
  }

  /// `str.strip()` on a whole string.
  package static func strip(_ text: String) -> String {
    // Most texts have nothing to strip: decided from the first and last bytes when both are
    // ASCII, without decoding the rest.
    let utf8 = text.utf8
    guard let first = utf8.first, let last = utf8.last else { return text }
    if first < 0x80, last < 0x80, !isSpace(Unicode.Scalar(first)), !isSpace(Unicode.Scalar(last)) { return text }
    let scalars = Array(text.unicodeScalars)
    return string(strip(scalars[...]))
  }

  /// Builds a String from a run of scalars.
  package static func string<S: Sequence>(_ scalars: S) -> String where S.Element == Unicode.Scalar {
    var view = String.UnicodeScalarView()
    view.append(contentsOf: scalars)
    return String(view)
  }

  /// The same for the common case, without a generic call (which costs a run-time lookup).
  package static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    var view = String.UnicodeScalarView()
    for scalar in scalars { view.append(scalar) }
    return String(view)
  }

  /// `str.splitlines()`: the line boundaries Python recognises, which are more than `\n`.
  package static func splitLines(_ text: String) -> [String] {
    var lines: [String] = []
    var current = String.UnicodeScalarView()
    var previousWasCR = false
    var sawAny = false
    for scalar in text.unicodeScalars {
      sawAny = true
      if previousWasCR {
        previousWasCR = false
        if scalar == "\n" { continue }
      }
      switch scalar.value {
      case 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x85, 0x2028, 0x2029:
        lines.append(String(current))
        current = String.UnicodeScalarView()
        previousWasCR = scalar == "\r"
      default:
        current.append(scalar)
      }
    }
    if sawAny && !current.isEmpty { lines.append(String(current)) }
    return lines
  }

  /// `shlex.split(text)` in POSIX mode; `nil` where Python raises `ValueError`
  /// (an unclosed quote or a trailing backslash).
  package static func shlexSplit(_ text: String) -> [String]? {
    enum State { case whitespace, word, singleQuote, doubleQuote, escape }
    var words: [String] = []
    var token = String.UnicodeScalarView()
    var quoted = false
    var state = State.whitespace
    var escapedFrom = State.word
    func isShlexSpace(_ s: Unicode.Scalar) -> Bool { s == " " || s == "\t" || s == "\r" || s == "\n" }
    func emit() {
      words.append(String(token))
      token = String.UnicodeScalarView()
      quoted = false
    }
    for scalar in text.unicodeScalars {
      switch state {
      case .whitespace, .word:
        if isShlexSpace(scalar) {
          if quoted || !token.isEmpty { emit() }
          state = .whitespace
        } else if scalar == "\\" {
          escapedFrom = .word
          state = .escape
        } else if scalar == "'" {
          state = .singleQuote
        } else if scalar == "\"" {
          state = .doubleQuote
        } else {
          token.append(scalar)
          state = .word
        }
      case .singleQuote:
        quoted = true
        if scalar == "'" { state = .word } else { token.append(scalar) }
      case .doubleQuote:
        quoted = true
        if scalar == "\"" {
          state = .word
        } else if scalar == "\\" {
          escapedFrom = .doubleQuote
          state = .escape
        } else {
          token.append(scalar)
        }
      case .escape:
        // Inside double quotes only `"` and `\` can be escaped; otherwise the backslash stays.
        if escapedFrom == .doubleQuote && scalar != "\"" && scalar != "\\" {
          token.append("\\")
        }
        token.append(scalar)
        state = escapedFrom
      }
    }
    switch state {
    case .singleQuote, .doubleQuote, .escape:
      return nil
    case .word:
      if quoted || !token.isEmpty { emit() }
    case .whitespace:
      break
    }
    return words
  }

  /// `int(text)` in base 10, returned as a canonical decimal string (Python integers are
  /// unbounded and `json.dumps` prints every digit); `nil` where Python raises `ValueError`.
  package static func parseInt(_ text: String) -> String? {
    let scalars = strip(Array(text.unicodeScalars)[...])
    var index = scalars.startIndex
    var negative = false
    if index < scalars.endIndex, scalars[index] == "+" || scalars[index] == "-" {
      negative = scalars[index] == "-"
      index += 1
    }
    var digits: [UInt8] = []
    var previousWasUnderscore = false
    while index < scalars.endIndex {
      let scalar = scalars[index]
      if scalar == "_" {
        if digits.isEmpty || previousWasUnderscore { return nil }
        previousWasUnderscore = true
      } else if let value = decimalValue(scalar) {
        digits.append(value)
        previousWasUnderscore = false
      } else {
        return nil
      }
      index += 1
    }
    if digits.isEmpty || previousWasUnderscore { return nil }
    let significant = digits.drop(while: { $0 == 0 })
    if significant.isEmpty { return "0" }
    let body = String(significant.map { Character(Unicode.Scalar($0 + 48)) })
    return negative ? "-" + body : body
  }

  private static func decimalValue(_ scalar: Unicode.Scalar) -> UInt8? {
    if scalar.isASCII {
      return scalar.value >= 48 && scalar.value <= 57 ? UInt8(scalar.value - 48) : nil
    }
    guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue
    else { return nil }
    return UInt8(value)
  }

  /// `repr(text)` for a `str`, as Python prints it inside error messages and lists.
  package static func repr(_ text: String) -> String {
    let quote: Unicode.Scalar = text.contains("'") && !text.contains("\"") ? "\"" : "'"
    var out = String.UnicodeScalarView()
    out.append(quote)
    for scalar in text.unicodeScalars {
      switch scalar {
      case quote, "\\":
        out.append("\\")
        out.append(scalar)
      case "\t": out.append(contentsOf: "\\t".unicodeScalars)
      case "\n": out.append(contentsOf: "\\n".unicodeScalars)
      case "\r": out.append(contentsOf: "\\r".unicodeScalars)
      default:
        if isPrintable(scalar) {
          out.append(scalar)
        } else if scalar.value < 0x100 {
          out.append(contentsOf: "\\x\(hex(scalar.value, width: 2))".unicodeScalars)
        } else if scalar.value < 0x10000 {
          out.append(contentsOf: "\\u\(hex(scalar.value, width: 4))".unicodeScalars)
        } else {
          out.append(contentsOf: "\\U\(hex(scalar.value, width: 8))".unicodeScalars)
        }
      }
    }
    out.append(quote)
    return String(out)
  }

  /// `repr(list_of_str)`, e.g. `['A', 'B']`.
  package static func repr(_ list: [String]) -> String {
    "[" + list.map { repr($0) }.joined(separator: ", ") + "]"
  }

  private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
    if scalar == " " { return true }
    switch scalar.properties.generalCategory {
    case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator,
      .paragraphSeparator, .spaceSeparator:
      return false
    default:
      return true
    }
  }

  package static func hex(_ value: UInt32, width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
