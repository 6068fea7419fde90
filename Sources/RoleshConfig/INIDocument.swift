import Glibc
import RoleshSupport

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

/// One key of a section with its value and the line it was defined on.
package struct INIEntry: Equatable, Sendable {
  package var value: INIValue
  package var location: SourceLocation

  package init(value: INIValue, location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

/// A section after botocore's processing: `[DEFAULT]` keys already added, nested values parsed.
package struct INISection: Equatable, Sendable {
  /// The header text between the brackets, exactly as written.
  package var header: String
  /// Where the header is.
  package var location: SourceLocation
  /// Keys (lowercased) to entries.
  package var entries: INIEntries

  package subscript(key: String) -> INIValue? { entries[key]?.value }
}

/// A parsed INI file. Values stay byte ranges into the file until a section is asked for, so
/// a command that needs one profile of thousands builds strings for that profile only.
package final class INIDocument: Equatable, Sendable {
  /// One physical line of a value (`start == end` for a blank line inside it).
  struct Piece {
    var start: Int32
    var end: Int32
    var line: Int32
  }

  /// A key with its value's lines (contiguous in `pieces`). The name stays bytes until a
  /// section is materialized.
  struct RawOption {
    var nameStart: Int32
    var nameEnd: Int32
    /// Index into `unicodeNames` when the name is not ASCII (`str.lower()` needs Unicode
    /// rules then), else -1. Kept small: a large config has tens of thousands of options.
    var unicodeName: Int32
    var line: Int32
    var first: Int32
    var count: Int32

    var hasName: Bool { nameEnd > nameStart }
    var firstPiece: Int { Int(first) }
    var pieceCount: Int {
      get { Int(count) }
      set { count = Int32(newValue) }
    }
  }

  /// The option's lowercased name.
  func name(of option: RawOption) -> String {
    if option.unicodeName >= 0 { return unicodeNames[Int(option.unicodeName)] }
    return bytes.withUnsafeBufferPointer { buffer in
      INIParser.lowercasedName(UnsafeBufferPointer(rebasing: buffer[Int(option.nameStart)..<Int(option.nameEnd)]))
    }
  }

  /// A section's header and its options (contiguous in `options`).
  struct RawSection {
    /// The header's bytes in the file: a String only for the sections a command reads.
    var headerStart: Int32
    var headerEnd: Int32
    var line: Int32
    var firstOption: Int32
    var optionCount: Int32

    var headerRange: Range<Int> { Int(headerStart)..<Int(headerEnd) }
    var optionRange: Range<Int> { Int(firstOption)..<Int(firstOption + optionCount) }
  }

  package let path: String
  let bytes: [UInt8]
  let pieces: [Piece]
  let options: [RawOption]
  let rawSections: [RawSection]
  let defaultOptions: [Int]
  /// Lowercased names of options whose names are not ASCII.
  let unicodeNames: [String]
  /// Sections by header bytes (entry number = section number), from the parse.
  let headers: HashSlots
  /// Whether a header starts with `profile` without being exactly `profile NAME` (one space,
  /// a name without blanks, quotes or backslashes): only then must a profile be found by
  /// classifying every header instead of by its header's hash.
  let hasIrregularProfileHeaders: Bool

  init(
    path: String, bytes: [UInt8], pieces: [Piece], options: [RawOption], rawSections: [RawSection], defaultOptions: [Int],
    unicodeNames: [String] = [], headers: HashSlots = HashSlots(capacity: 0), hasIrregularProfileHeaders: Bool = false
  ) {
    self.path = path
    self.bytes = bytes
    self.pieces = pieces
    self.options = options
    self.rawSections = rawSections
    self.defaultOptions = defaultOptions
    self.unicodeNames = unicodeNames
    self.headers = headers
    self.hasIrregularProfileHeaders = hasIrregularProfileHeaders
  }

  /// An empty document, used for files that do not exist.
  package static func empty(path: String) -> INIDocument {
    INIDocument(path: path, bytes: [], pieces: [], options: [], rawSections: [], defaultOptions: [])
  }

  /// The section whose header is exactly `prefix` followed by `name` (headers are unique: a
  /// repeated one fails the parse).
  func section(headerPrefix prefix: StaticString, name: String) -> Int? {
    var name = name
    return name.withUTF8 { wanted in
      var hash = HashSlots.hash(UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
      for byte in wanted { hash = HashSlots.continue(hash, byte) }
      let length = prefix.utf8CodeUnitCount + wanted.count
      return bytes.withUnsafeBufferPointer { file in
        headers.find(hash: hash) { index in
          let range = rawSections[index].headerRange
          guard range.count == length else { return false }
          let start = file.baseAddress! + range.lowerBound
          return memcmp(start, prefix.utf8Start, prefix.utf8CodeUnitCount) == 0
            && (wanted.isEmpty || memcmp(start + prefix.utf8CodeUnitCount, wanted.baseAddress!, wanted.count) == 0)
        }
      }
    }
  }

  /// Whether header bytes `h` are irregular in the sense of `hasIrregularProfileHeaders`.
  static func isIrregularProfileHeader(_ h: UnsafeBufferPointer<UInt8>) -> Bool {
    guard h.count >= 7, memcmp(h.baseAddress!, "profile", 7) == 0 else { return false }
    guard h.count > 8, h[7] == 0x20 else { return true }
    for byte in h[8...] where byte == 0x20 || byte == 0x09 || byte == 0x27 || byte == 0x22 || byte == 0x5C { return true }
    return false
  }

  /// The sections that may set `key` (lowercase ASCII) to `value`, in file order: a byte
  /// scan building no strings, for questions asked of every profile. A value on several
  /// lines is kept as a maybe. Nil when `[DEFAULT]` sets `key`, as every section inherits it.
  func sections(mayHave key: String, equalTo value: String) -> [Int]? {
    let key = Array(key.utf8)
    let value = Array(value.utf8)
    return bytes.withUnsafeBufferPointer { b in
      func named(_ option: RawOption) -> Bool {
        if option.unicodeName >= 0 { return unicodeNames[Int(option.unicodeName)].utf8.elementsEqual(key) }
        guard Int(option.nameEnd - option.nameStart) == key.count else { return false }
        for (offset, want) in key.enumerated() {
          let byte = b[Int(option.nameStart) + offset]
          if (byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) != want { return false }
        }
        return true
      }
      func mayEqual(_ option: RawOption) -> Bool {
        if option.pieceCount > 1 { return true }
        let piece = pieces[option.firstPiece]
        return Int(piece.end - piece.start) == value.count
          && (value.isEmpty || memcmp(b.baseAddress! + Int(piece.start), value, value.count) == 0)
      }
      if defaultOptions.contains(where: { named(options[$0]) }) { return nil }
      return rawSections.indices.filter { index in
        rawSections[index].optionRange.contains { named(options[$0]) && mayEqual(options[$0]) }
      }
    }
  }

  /// Number of sections, `[DEFAULT]` excluded.
  package var sectionCount: Int { rawSections.count }

  /// The header text of section `index`.
  package func header(at index: Int) -> String {
    withHeader(at: index) { String(decoding: $0, as: UTF8.self) }
  }

  /// The header's bytes, for scans that would otherwise build a String per section.
  func withHeader<Result>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
    let range = rawSections[index].headerRange
    return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
  }

  /// Whether `bytes` spell `word` (ASCII). Written out: scans run it over every header, and the
  /// generic sequence comparisons are not specialised there.
  @inline(__always)
  static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
    bytes.count == word.utf8CodeUnitCount && (bytes.isEmpty || memcmp(bytes.baseAddress!, word.utf8Start, bytes.count) == 0)
  }

  /// All sections, materialized (tests and listings).
  package var sections: [INISection] { (0..<rawSections.count).map(section(at:)) }

  /// Section `index` with its own keys and the `[DEFAULT]` keys it inherits.
  package func section(at index: Int) -> INISection {
    INISection(header: header(at: index), location: location(ofSection: index), entries: entries(ofSection: index))
  }

  /// Where section `index`'s header is.
  func location(ofSection index: Int) -> SourceLocation {
    SourceLocation(file: path, line: Int(rawSections[index].line))
  }

  /// Section `index`'s own keys and the `[DEFAULT]` keys it inherits (no header String: a
  /// profile is made of these, and `list` makes 50,000 profiles).
  func entries(ofSection index: Int) -> INIEntries {
    let raw = rawSections[index]
    var entries = INIEntries(capacity: Int(raw.optionCount) + defaultOptions.count)
    // The common option — an ASCII name and a one-line value — read straight from the file's
    // bytes (no array access per byte, no retain per access: `list` builds 50,000 of these).
    bytes.withUnsafeBufferPointer { file in
      options.withUnsafeBufferPointer { options in
        pieces.withUnsafeBufferPointer { pieces in
          for option in raw.optionRange {
            let rawOption = options[option]
            let piece = pieces[rawOption.firstPiece]
            guard rawOption.unicodeName < 0, rawOption.pieceCount == 1, piece.start < piece.end else {
              entries.appendNew(name(of: rawOption), entry(option))
              continue
            }
            let name = INIParser.lowercasedName(UnsafeBufferPointer(rebasing: file[Int(rawOption.nameStart)..<Int(rawOption.nameEnd)]))
            let value = String(decoding: UnsafeBufferPointer(rebasing: file[Int(piece.start)..<Int(piece.end)]), as: UTF8.self)
            entries.appendNew(name, INIEntry(value: .text(value), location: SourceLocation(file: path, line: Int(rawOption.line))))
          }
        }
      }
    }
    for option in defaultOptions {
      let name = name(of: options[option])
      if entries[name] == nil { entries.appendNew(name, entry(option)) }
    }
    return entries
  }

  private func text(of piece: Piece) -> String {
    piece.start == piece.end ? "" : String(decoding: bytes[Int(piece.start)..<Int(piece.end)], as: UTF8.self)
  }

  /// configparser's `'\n'.join(lines).rstrip()`.
  private func joinedText(_ option: RawOption) -> String {
    let range = option.firstPiece..<(option.firstPiece + option.pieceCount)
    // One line, or one line and the blank lines after it (the last key of a section): the
    // join and rstrip would give the first line back as it is.
    if option.pieceCount == 1 || pieces[(option.firstPiece + 1)..<range.upperBound].allSatisfy({ $0.start == $0.end }) {
      return text(of: pieces[option.firstPiece])
    }
    let text = pieces[range].map(text(of:)).joined(separator: "\n")
    return PythonText.string(PythonText.rstrip(Array(text.unicodeScalars)[...]))
  }

  private func entry(_ index: Int) -> INIEntry {
    let option = options[index]
    let text = joinedText(option)
    let value = text.hasPrefix("\n") ? ((try? nested(option, text: text)) ?? .text(text)) : .text(text)
    return INIEntry(value: value, location: SourceLocation(file: path, line: Int(option.line)))
  }

  /// Fails like botocore if option `index` is a malformed nested block.
  func checkNested(_ index: Int) throws {
    let option = options[index]
    guard option.pieceCount > 1, pieces[option.firstPiece].start == pieces[option.firstPiece].end else { return }
    let text = joinedText(option)
    if text.hasPrefix("\n") { _ = try nested(option, text: text) }
  }

  /// botocore's `_parse_nested`: every non-blank line must hold `=`; later keys win.
  private func nested(_ option: RawOption, text: String) throws -> INIValue {
    var block: [String: String] = [:]
    for line in PythonText.splitLines(text) {
      let stripped = PythonText.strip(Array(line.unicodeScalars)[...])
      if stripped.isEmpty { continue }
      guard let equals = stripped.firstIndex(of: "=") else {
        let lineText = PythonText.string(stripped)
        let range = option.firstPiece..<(option.firstPiece + option.pieceCount)
        let number = pieces[range].first(where: { self.text(of: $0).contains(lineText) })?.line ?? option.line
        throw ConfigError(
          .configParse,
          "unable to parse config file \(path): the nested value of \(name(of: option)) needs `key = value` on every line",
          location: SourceLocation(file: path, line: Int(number)))
      }
      let key = PythonText.string(PythonText.strip(stripped[..<equals]))
      block[key] = PythonText.string(PythonText.strip(stripped[(equals + 1)...]))
    }
    return .nested(block)
  }

  package static func == (lhs: INIDocument, rhs: INIDocument) -> Bool {
    lhs.path == rhs.path && lhs.sections == rhs.sections
  }
}
