/// Numbers that come from outside (environment variables, config values, plugin answers),
/// checked before anything converts them: `inf`, `nan`, `1e20` or a negative timeout must be
/// an error, never a trap in an `Int(_:)` conversion or a "0 ms = no timeout" in libcurl.
package enum Numbers {
  /// A plain decimal number of seconds (`30`, `2.5`; no sign, exponent or `inf`) within
  /// `range`; `nil` otherwise.
  package static func seconds(_ text: String, within range: ClosedRange<Double>) -> Double? {
    let bytes = Array(text.utf8)
    guard !bytes.isEmpty, bytes.count <= 32 else { return nil }
    var dots = 0
    for byte in bytes {
      if byte == UInt8(ascii: ".") {
        dots += 1
      } else if byte < 0x30 || byte > 0x39 {
        return nil
      }
    }
    guard dots <= 1, bytes.first != UInt8(ascii: "."), bytes.last != UInt8(ascii: "."), let value = Double(text),
      value.isFinite, range.contains(value)
    else { return nil }
    return value
  }

  /// A whole number within `range` (decimal digits, optional leading `-`); `nil` otherwise.
  package static func integer(_ text: String, within range: ClosedRange<Int>) -> Int? {
    guard text.utf8.count <= 20, let value = Int(text), range.contains(value) else { return nil }
    return value
  }

  /// Milliseconds for a timeout in seconds, at least 1 (curl reads 0 as "no timeout").
  package static func milliseconds(_ seconds: Double) -> Int {
    guard seconds.isFinite, seconds > 0 else { return 1 }
    return max(1, Int(min(seconds, 86_400) * 1000))
  }
}

/// A setting rolesh reads from its own environment variables that has an invalid value.
package struct SettingError: RoleshError, Equatable, Sendable {
  package var message: String
  package var exitStatus: ExitStatus { .configuration }

  package init(variable: String, value: String, expected: String) {
    let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
    message = "\(variable)=\(shown.debugDescription) is not valid: \(expected)"
  }

  package init(_ message: String) { self.message = message }
}

extension Environment {
  /// A number of seconds from a variable: the default when unset or empty, an error when it is
  /// not a plain decimal within `range`.
  package func seconds(_ variable: String, default value: Double, within range: ClosedRange<Double>) throws -> Double {
    guard let text = nonEmpty(variable) else { return value }
    guard let seconds = Numbers.seconds(text, within: range) else {
      throw SettingError(
        variable: variable, value: text,
        expected: "a number of seconds from \(Self.format(range.lowerBound)) to \(Self.format(range.upperBound))")
    }
    return seconds
  }

  /// A whole number from a variable: the default when unset or empty, an error when it is not
  /// plain decimal digits within `range`.
  package func count(_ variable: String, default value: Int, within range: ClosedRange<Int>) throws -> Int {
    guard let text = nonEmpty(variable) else { return value }
    guard text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Numbers.integer(text, within: range) else {
      throw SettingError(variable: variable, value: text, expected: "a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
  }

  private static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }
}
