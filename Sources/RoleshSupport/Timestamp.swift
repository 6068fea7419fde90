#if canImport(Glibc)
  import Glibc
#endif

/// UTC timestamps as seconds since the epoch, parsed from and printed as ISO 8601 without
/// Foundation (its date machinery costs milliseconds at start-up).
package struct Timestamp: Comparable, Hashable, Sendable, CustomStringConvertible {
  package var secondsSinceEpoch: Int

  package init(secondsSinceEpoch: Int) { self.secondsSinceEpoch = secondsSinceEpoch }

  package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSinceEpoch < rhs.secondsSinceEpoch }

  /// Parses the `Expiration` forms botocore accepts through dateutil: `2026-11-29T12:26:23Z`,
  /// `…+00:00`, `…UTC` (what botocore writes), with or without fractional seconds, `T` or a
  /// space between date and time. A timestamp without a zone is rejected (botocore fails on it).
  package init?(iso8601 text: String) {
    let bytes = Array(text.utf8)
    var index = 0
    func number(_ width: Int) -> Int? {
      guard index + width <= bytes.count else { return nil }
      var value = 0
      for byte in bytes[index..<(index + width)] {
        guard byte >= 0x30, byte <= 0x39 else { return nil }
        value = value * 10 + Int(byte - 0x30)
      }
      index += width
      return value
    }
    func expect(_ ascii: Character) -> Bool {
      guard index < bytes.count, bytes[index] == ascii.asciiValue else { return false }
      index += 1
      return true
    }
    guard let year = number(4), expect("-"), let month = number(2), expect("-"), let day = number(2)
    else { return nil }
    guard index < bytes.count, bytes[index] == UInt8(ascii: "T") || bytes[index] == UInt8(ascii: " ") else { return nil }
    index += 1
    guard let hour = number(2), expect(":"), let minute = number(2), expect(":"), let second = number(2)
    else { return nil }
    if expect(".") {
      while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 { index += 1 }
    }
    var offset = 0
    let zone = String(decoding: bytes[index...], as: UTF8.self)
    switch zone {
    case "Z", "z", "UTC", "GMT", "+00:00", "-00:00", "+0000", "+00": offset = 0
    default:
      guard zone.count == 6 || zone.count == 5, let sign = zone.first, sign == "+" || sign == "-" else { return nil }
      let digits = zone.dropFirst().filter { $0 != ":" }
      guard digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)) else { return nil }
      offset = (sign == "+" ? 1 : -1) * (hh * 3600 + mm * 60)
    }
    // dateutil rejects what the calendar does not have: February 30th, hour 24, second 60.
    guard (1...12).contains(month), (1...Timestamp.daysIn(month: month, year: year)).contains(day), hour < 24,
      minute < 60, second < 60
    else { return nil }
    let days = Timestamp.daysFromCivil(year: year, month: month, day: day)
    secondsSinceEpoch = days * 86400 + hour * 3600 + minute * 60 + second - offset
  }

  /// The current wall-clock time.
  package static func now() -> Timestamp {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Timestamp(secondsSinceEpoch: Int(spec.tv_sec))
  }

  /// The timestamp `seconds` later.
  package func adding(_ seconds: Int) -> Timestamp { Timestamp(secondsSinceEpoch: secondsSinceEpoch + seconds) }

  /// Seconds from `now` until this timestamp (negative when it has passed).
  package func seconds(after now: Timestamp) -> Int { secondsSinceEpoch - now.secondsSinceEpoch }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `YYYY-MM-DDTHH:MM:SSZ` (RFC 3339, UTC).
  package var description: String { format(zone: "Z") }

  /// The form botocore writes into the CLI cache: `YYYY-MM-DDTHH:MM:SSUTC`.
  package var botocoreCacheForm: String { format(zone: "UTC") }

  private func format(zone: String) -> String {
    let days = secondsSinceEpoch >= 0 ? secondsSinceEpoch / 86400 : (secondsSinceEpoch - 86399) / 86400
    let rest = secondsSinceEpoch - days * 86400
    let (year, month, day) = Timestamp.civilFromDays(days)
    func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
    return "\(year)-\(two(month))-\(two(day))T\(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))\(zone)"
  }

  // Howard Hinnant's civil-calendar algorithms.
  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146097 + doe - 719468
  }

  static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let y = yoe + era * 400
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    return (m <= 2 ? y + 1 : y, m, d)
  }
}
