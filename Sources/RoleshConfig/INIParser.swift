import Glibc
import RoleshSupport

/// Reads the INI dialect of the AWS CLI: Python's `configparser.RawConfigParser` with its
/// default settings, followed by botocore's `raw_config_parse` (which adds `[DEFAULT]` keys to
/// every section and parses nested blocks).
///
/// The algorithm follows CPython 3.11's `RawConfigParser._read` line by line, because the
/// quirks are the point: inline `#` is not a comment, an indented `key = value` line after a
/// key is a continuation of that key, the header runs to the *last* `]` on its line.
///
/// It works on UTF-8 bytes and records values as byte ranges; strings are built only for the
/// sections a command looks at. The whole file is still checked (botocore rejects a file for a
/// problem on any line), but a 5,000-profile config costs a few milliseconds, not a hundred.
package enum INIParser {
  /// Parses a whole file. Any problem fails the whole file, as it does in botocore.
  package static func parse(bytes: [UInt8], path: String) throws -> INIDocument {
    try validateUTF8(bytes, path: path)
    var reader = Reader(bytes: bytes, path: path)
    try bytes.withUnsafeBufferPointer { buffer in
      var lineNumber: Int32 = 0
      var lineStart = 0
      var index = 0
      let count = buffer.count
      guard let base = buffer.baseAddress else { return }
      // Nearly every file ends its lines with `\n` alone: then memchr finds each line end
      // (a tenth of the byte loop's time on a 5,000-profile file).
      if memchr(base, 0x0D, count) == nil {
        while lineStart < count {
          let newline = memchr(base + lineStart, 0x0A, count - lineStart)
          let end = newline.map { UnsafeRawPointer($0) - UnsafeRawPointer(base) } ?? count
          lineNumber += 1
          try reader.consume(buffer, lineStart, end, lineNumber)
          lineStart = end + 1
        }
        return
      }
      // Universal newlines: `\r\n`, `\r` and `\n` all end a line, as in Python's text mode.
      while index < count {
        let byte = buffer[index]
        if byte == 0x0A || byte == 0x0D {
          lineNumber += 1
          try reader.consume(buffer, lineStart, index, lineNumber)
          if byte == 0x0D && index + 1 < count && buffer[index + 1] == 0x0A { index += 1 }
          lineStart = index + 1
        }
        index += 1
      }
      if lineStart < count {
        lineNumber += 1
        try reader.consume(buffer, lineStart, count, lineNumber)
      }
    }
    return try reader.finish()
  }

  /// Strict UTF-8 (Python's decoder); a byte-order mark is rejected like any other stray
  /// character before the first section header (the `utf-8` codec keeps it as U+FEFF).
  private static func validateUTF8(_ bytes: [UInt8], path: String) throws {
    if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF {
      throw ConfigError(
        .configParse, "unable to parse config file \(path): it starts with a byte-order mark (save it as UTF-8 without BOM)",
        location: SourceLocation(file: path, line: 1))
    }
    let isASCII = bytes.withUnsafeBytes { raw -> Bool in
      // Eight bytes at a time: a config file is nearly always pure ASCII.
      var index = 0
      var high: UInt64 = 0
      while index + 8 <= raw.count {
        high |= raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
        index += 8
      }
      while index < raw.count {
        high |= UInt64(raw[index])
        index += 1
      }
      return high & 0x8080_8080_8080_8080 == 0
    }
    if isASCII { return }
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var line = 1
    while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        if scalar == "\n" { line += 1 }
      case .emptyInput:
        return
      case .error:
        throw ConfigError(
          .configParse, "unable to parse config file \(path): it is not valid UTF-8",
          location: SourceLocation(file: path, line: line))
      }
    }
  }

  /// `str.lower()`: ASCII in place, anything else through Swift's full Unicode lowercasing.
  static func lowercasedName(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    if bytes.allSatisfy({ $0 < 0x80 }) {
      return String(unsafeUninitializedCapacity: bytes.count) { out in
        for (i, byte) in bytes.enumerated() { out[i] = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        return bytes.count
      }
    }
    return String(decoding: bytes, as: UTF8.self).lowercased()
  }

  private enum Cursor: Equatable {
    case none
    case defaults
    case section(Int)
  }

  private struct Reader {
    let bytes: [UInt8]
    let path: String
    var pieces: [INIDocument.Piece] = []
    var options: [INIDocument.RawOption] = []
    var sections: [INIDocument.RawSection] = []
    /// Sections by header, for the duplicate check (entry number = section number).
    var headers: HashSlots
    var hasIrregularProfileHeaders = false
    var defaultOptions: [Int] = []
    var defaultNames = Set<String>()
    var unicodeNames: [String] = []
    var cursor = Cursor.none
    /// Index of the option that continuation lines extend (`optname` in configparser).
    var currentOption: Int? {
      didSet { if !pendingBlankLines.isEmpty { pendingBlankLines.removeAll(keepingCapacity: true) } }
    }
    /// Blank lines read since `currentOption`'s last line (see `consume`).
    var pendingBlankLines: [Int32] = []
    var indentLevel = 0
    /// configparser collects malformed lines and raises at the end; the first one is kept.
    var deferredError: ConfigError?

    init(bytes: [UInt8], path: String) {
      self.bytes = bytes
      self.path = path
      pieces.reserveCapacity(bytes.count / 32)
      options.reserveCapacity(bytes.count / 32)
      // Typical sections take 60–200 bytes; a larger estimate costs only untouched pages.
      sections.reserveCapacity(bytes.count / 48 + 8)
      headers = HashSlots(capacity: bytes.count / 64 + 8)
    }

    func location(_ line: Int32) -> SourceLocation { SourceLocation(file: path, line: Int(line)) }

    mutating func consume(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ line: Int32) throws {
      var lower = start
      while lower < end {
        let width = UTF8Space.width(b, lower, end)
        if width == 0 { break }
        lower += width
      }
      var upper = end
      while upper > lower {
        let width = UTF8Space.widthBefore(b, lower, upper)
        if width == 0 { break }
        upper -= width
      }
      // Only whole-line comments exist in this dialect.
      let isComment = lower < upper && (b[lower] == UInt8(ascii: "#") || b[lower] == UInt8(ascii: ";"))
      if isComment || lower == upper {
        // A blank line inside a value becomes an empty line of that value; a comment does not.
        // It is kept aside until a continuation line follows: blank lines at the end of a
        // value are stripped anyway, and nearly every section ends in one.
        if !isComment, let option = currentOption, options[option].hasName { pendingBlankLines.append(line) }
        return
      }
      // Indentation is counted in characters, as Python does.
      var indent = 0
      for i in start..<lower where b[i] & 0xC0 != 0x80 { indent += 1 }
      if cursor != .none, let option = currentOption, options[option].hasName, indent > indentLevel {
        for blank in pendingBlankLines { pieces.append(.init(start: 0, end: 0, line: blank)) }
        pieces.append(.init(start: Int32(lower), end: Int32(upper), line: line))
        options[option].pieceCount += pendingBlankLines.count + 1
        pendingBlankLines.removeAll(keepingCapacity: true)
        return
      }
      indentLevel = indent
      if b[lower] == UInt8(ascii: "[") {
        var close = upper - 1
        while close > lower, b[close] != UInt8(ascii: "]") { close -= 1 }
        if close - lower >= 2 {
          try openSection(b, (lower + 1)..<close, line)
          return
        }
      }
      var delimiter = lower
      while delimiter < upper, b[delimiter] != UInt8(ascii: "="), b[delimiter] != UInt8(ascii: ":") { delimiter += 1 }
      if delimiter == upper, b[lower] == UInt8(ascii: "["), !b[lower..<upper].contains(UInt8(ascii: "]")) {
        // botocore fails on the next line (a duplicate key, usually, or at the end); the
        // header the user left open is what needs fixing.
        // Quoted up to 80 characters: the line may be anything, of any length.
        let text = String(decoding: UnsafeBufferPointer(rebasing: b[lower..<upper]), as: UTF8.self)
        let quoted = text.count > 80 ? text.prefix(80) + "…" : Substring(text)
        recordError("unable to parse config file \(path): section header `\(quoted)` has no closing `]`", line)
        return
      }
      if cursor == .none {
        throw earliest(ConfigError(
          .configParse, "unable to parse config file \(path): a setting appears before the first [section] header",
          location: location(line)))
      }
      guard delimiter < upper else {
        recordError("unable to parse config file \(path): expected `key = value` or a [section] header", line)
        return
      }
      var nameEnd = delimiter
      while nameEnd > lower {
        let width = UTF8Space.widthBefore(b, lower, nameEnd)
        if width == 0 { break }
        nameEnd -= width
      }
      if nameEnd == lower {
        recordError("unable to parse config file \(path): a setting has no name before its `=` or `:`", line)
      }
      var valueStart = delimiter + 1
      while valueStart < upper {
        let width = UTF8Space.width(b, valueStart, upper)
        if width == 0 { break }
        valueStart += width
      }
      try addOption(b, nameStart: lower, nameEnd: nameEnd, pieceStart: valueStart, pieceEnd: upper, line: line)
    }

    /// Starts the section whose header is `b[header]` (no String yet: most are never read).
    mutating func openSection(_ b: UnsafeBufferPointer<UInt8>, _ header: Range<Int>, _ line: Int32) throws {
      let text = UnsafeBufferPointer(rebasing: b[header])
      if INIDocument.equal(text, "DEFAULT") {
        cursor = .defaults
      } else {
        let hash = HashSlots.hash(text)
        let seen = headers.find(hash: hash) { other in
          let range = sections[other].headerRange
          return range.count == text.count && memcmp(b.baseAddress! + range.lowerBound, text.baseAddress!, text.count) == 0
        }
        if seen != nil {
          throw earliest(ConfigError(
            .configParse, "unable to parse config file \(path): section [\(String(decoding: text, as: UTF8.self))] appears twice",
            location: location(line)))
        }
        headers.insert(hash: hash)
        if INIDocument.isIrregularProfileHeader(text) { hasIrregularProfileHeaders = true }
        sections.append(
          .init(headerStart: Int32(header.lowerBound), headerEnd: Int32(header.upperBound), line: line, firstOption: Int32(options.count), optionCount: 0))
        cursor = .section(sections.count - 1)
      }
      currentOption = nil
    }

    mutating func addOption(
      _ b: UnsafeBufferPointer<UInt8>, nameStart: Int, nameEnd: Int, pieceStart: Int, pieceEnd: Int, line: Int32
    ) throws {
      // Lowercase as `str.lower()` does: ASCII by hand, anything else through Unicode rules.
      let raw = UnsafeBufferPointer(rebasing: b[nameStart..<nameEnd])
      var unicodeName: Int32 = -1
      if !raw.allSatisfy({ $0 < 0x80 }) {
        unicodeName = Int32(unicodeNames.count)
        unicodeNames.append(String(decoding: raw, as: UTF8.self).lowercased())
      }
      let option = INIDocument.RawOption(
        nameStart: Int32(nameStart), nameEnd: Int32(nameEnd), unicodeName: unicodeName, line: line,
        first: Int32(pieces.count), count: 1)
      let duplicate: Bool
      switch cursor {
      case .none:
        return
      case .defaults:
        duplicate = !defaultNames.insert(name(of: option, b)).inserted
      case .section(let index):
        let section = sections[index]
        let range = section.optionRange
        duplicate = options[range].contains { sameName($0, option, b) }
      }
      if duplicate {
        throw earliest(ConfigError(
          .configParse, "unable to parse config file \(path): key \(name(of: option, b)) appears twice in [\(sectionName(b))]",
          location: location(line)))
      }
      options.append(option)
      pieces.append(.init(start: Int32(pieceStart), end: Int32(pieceEnd), line: line))
      switch cursor {
      case .defaults: defaultOptions.append(options.count - 1)
      case .section(let index): sections[index].optionCount += 1
      case .none: break
      }
      currentOption = options.count - 1
    }

    /// Whether two options' lowercased names are equal: ASCII names compared byte by byte
    /// (sections hold a handful of keys), any other through `str.lower()`'s Unicode rules — the
    /// Kelvin sign lowers to an ASCII `k`.
    func sameName(_ one: INIDocument.RawOption, _ other: INIDocument.RawOption, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
      if one.unicodeName >= 0 || other.unicodeName >= 0 { return name(of: one, b) == name(of: other, b) }
      let length = Int(one.nameEnd - one.nameStart)
      guard length == Int(other.nameEnd - other.nameStart) else { return false }
      for offset in 0..<length {
        let x = b[Int(one.nameStart) + offset]
        let y = b[Int(other.nameStart) + offset]
        if x != y && (x >= 0x41 && x <= 0x5A ? x | 0x20 : x) != (y >= 0x41 && y <= 0x5A ? y | 0x20 : y) { return false }
      }
      return true
    }

    /// The lowercased name of an option being read.
    func name(of option: INIDocument.RawOption, _ b: UnsafeBufferPointer<UInt8>) -> String {
      if option.unicodeName >= 0 { return unicodeNames[Int(option.unicodeName)] }
      return INIParser.lowercasedName(UnsafeBufferPointer(rebasing: b[Int(option.nameStart)..<Int(option.nameEnd)]))
    }

    /// The header of the section being read, for messages.
    func sectionName(_ b: UnsafeBufferPointer<UInt8>) -> String {
      guard case .section(let index) = cursor else { return "DEFAULT" }
      return String(decoding: UnsafeBufferPointer(rebasing: b[sections[index].headerRange]), as: UTF8.self)
    }

    /// The error to report when `error` stops the parse: one recorded on an earlier line caused
    /// it more often than not (an unclosed header makes its keys land in the previous section).
    func earliest(_ error: ConfigError) -> ConfigError { deferredError ?? error }

    mutating func recordError(_ message: String, _ line: Int32) {
      if deferredError == nil {
        deferredError = ConfigError(.configParse, message, location: location(line))
      }
    }

    mutating func finish() throws -> INIDocument {
      if let deferredError { throw deferredError }
      let document = INIDocument(
        path: path, bytes: bytes, pieces: pieces, options: options, rawSections: sections, defaultOptions: defaultOptions,
        unicodeNames: unicodeNames, headers: headers, hasIrregularProfileHeaders: hasIrregularProfileHeaders)
      // Nested blocks are parsed when botocore reads each section's values, so a malformed
      // one fails the file — also when it is a [DEFAULT] value and any section exists.
      var checked = Set<Int>()
      for section in sections {
        for option in section.optionRange {
          try document.checkNested(option)
        }
        for option in defaultOptions where checked.insert(option).inserted {
          try document.checkNested(option)
        }
      }
      return document
    }
  }
}

/// Python's `str.isspace()` characters as UTF-8 byte sequences.
enum UTF8Space {
  /// Length of the whitespace character starting at `i`, or 0.
  @inline(__always)
  static func width(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> Int {
    let byte = b[i]
    if byte < 0x80 {
      return (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) ? 1 : 0
    }
    if byte == 0xC2, i + 1 < end, b[i + 1] == 0x85 || b[i + 1] == 0xA0 { return 2 }
    if i + 2 < end, isThreeByteSpace(byte, b[i + 1], b[i + 2]) { return 3 }
    return 0
  }

  /// Length of the whitespace character ending just before `end`, or 0.
  @inline(__always)
  static func widthBefore(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
    let byte = b[end - 1]
    if byte < 0x80 {
      return (byte >= 0x09 && byte <= 0x0D) || (byte >= 0x1C && byte <= 0x20) ? 1 : 0
    }
    if end - 2 >= start, b[end - 2] == 0xC2, byte == 0x85 || byte == 0xA0 { return 2 }
    if end - 3 >= start, isThreeByteSpace(b[end - 3], b[end - 2], byte) { return 3 }
    return 0
  }

  @inline(__always)
  static func isThreeByteSpace(_ a: UInt8, _ b: UInt8, _ c: UInt8) -> Bool {
    switch (a, b) {
    case (0xE1, 0x9A): return c == 0x80  // U+1680
    case (0xE2, 0x80): return (c >= 0x80 && c <= 0x8A) || c == 0xA8 || c == 0xA9 || c == 0xAF  // U+2000–200A, 2028, 2029, 202F
    case (0xE2, 0x81): return c == 0x9F  // U+205F
    case (0xE3, 0x80): return c == 0x80  // U+3000
    default: return false
    }
  }
}
