/// Reads the INI dialect of the AWS CLI: Python's `configparser.RawConfigParser` with its
/// default settings, followed by botocore's `raw_config_parse` (which adds `[DEFAULT]` keys to
/// every section and parses nested blocks).
///
/// The algorithm follows CPython 3.11's `RawConfigParser._read` line by line, because the
/// quirks are the point: inline `#` is not a comment, an indented `key = value` line after a
/// key is a continuation of that key, the header runs to the *last* `]` on its line.
package enum INIParser {
  /// Parses a whole file. Any problem fails the whole file, as it does in botocore.
  package static func parse(bytes: [UInt8], path: String) throws -> INIDocument {
    let scalars = try decode(bytes, path: path)
    var reader = Reader(path: path)
    var lineNumber = 0
    var lineStart = 0
    var index = 0
    // Universal newlines: `\r\n`, `\r` and `\n` all end a line, as Python's text mode does.
    while index <= scalars.count {
      let atEnd = index == scalars.count
      if atEnd || scalars[index] == "\n" || scalars[index] == "\r" {
        if atEnd && lineStart == index { break }
        lineNumber += 1
        try reader.consume(line: scalars[lineStart..<index], number: lineNumber)
        if !atEnd && scalars[index] == "\r" && index + 1 < scalars.count && scalars[index + 1] == "\n" {
          index += 1
        }
        lineStart = index + 1
      }
      index += 1
    }
    return try reader.finish()
  }

  /// Strict UTF-8 decoding; a byte-order mark is rejected like any other stray character
  /// before the first section header (Python's `utf-8` codec keeps it as U+FEFF).
  private static func decode(_ bytes: [UInt8], path: String) throws -> [Unicode.Scalar] {
    var scalars: [Unicode.Scalar] = []
    scalars.reserveCapacity(bytes.count)
    var iterator = bytes.makeIterator()
    var decoder = UTF8()
    var line = 1
    loop: while true {
      switch decoder.decode(&iterator) {
      case .scalarValue(let scalar):
        if scalar == "\n" { line += 1 }
        scalars.append(scalar)
      case .emptyInput:
        break loop
      case .error:
        throw ConfigError(
          .configParse, "unable to parse config file \(path): it is not valid UTF-8",
          location: SourceLocation(file: path, line: line))
      }
    }
    if scalars.first == "\u{FEFF}" {
      throw ConfigError(
        .configParse, "unable to parse config file \(path): it starts with a byte-order mark (save it as UTF-8 without BOM)",
        location: SourceLocation(file: path, line: 1))
    }
    return scalars
  }

  /// A value while it is being read: one piece per physical line, joined at the end.
  private struct RawOption {
    var name: String
    var pieces: [(text: String, line: Int)]
    var line: Int
  }

  private struct RawSection {
    var header: String
    var line: Int
    var options: [String: RawOption] = [:]
  }

  private enum Cursor: Equatable {
    case none
    case defaults
    case section(Int)
  }

  private struct Reader {
    let path: String
    var sections: [RawSection] = []
    var sectionIndex: [String: Int] = [:]
    var defaults = RawSection(header: "DEFAULT", line: 0)
    var cursor = Cursor.none
    var sectionName = ""
    var optionName: String?
    var indentLevel = 0
    var seenOptions = Set<String>()
    /// `configparser` collects malformed lines and raises at the end; the first one is kept.
    var deferredError: ConfigError?

    init(path: String) { self.path = path }

    func location(_ line: Int) -> SourceLocation { SourceLocation(file: path, line: line) }

    mutating func withCurrentSection(_ body: (inout RawSection) -> Void) {
      switch cursor {
      case .none: break
      case .defaults: body(&defaults)
      case .section(let index): body(&sections[index])
      }
    }

    func currentOption(_ name: String) -> RawOption? {
      switch cursor {
      case .none: return nil
      case .defaults: return defaults.options[name]
      case .section(let index): return sections[index].options[name]
      }
    }

    mutating func consume(line: ArraySlice<Unicode.Scalar>, number: Int) throws {
      let stripped = PythonText.strip(line)
      // Only whole-line comments exist in this dialect.
      let isComment = stripped.first == "#" || stripped.first == ";"
      if isComment || stripped.isEmpty {
        // A blank line inside a value becomes an empty line of that value; a comment does not.
        if !isComment, let name = optionName, !name.isEmpty, currentOption(name) != nil {
          withCurrentSection { $0.options[name]?.pieces.append(("", number)) }
        }
        return
      }
      let value = PythonText.string(stripped)
      let indent = line.firstIndex(where: { !PythonText.isSpace($0) }).map { $0 - line.startIndex } ?? 0
      if cursor != .none, let name = optionName, !name.isEmpty, indent > indentLevel {
        withCurrentSection { $0.options[name]?.pieces.append((value, number)) }
        return
      }
      indentLevel = indent
      if let header = Self.sectionHeader(stripped) {
        sectionName = header
        if sectionIndex[header] != nil {
          throw ConfigError(
            .configParse, "unable to parse config file \(path): section [\(header)] appears twice",
            location: location(number))
        } else if header == "DEFAULT" {
          cursor = .defaults
        } else {
          sectionIndex[header] = sections.count
          sections.append(RawSection(header: header, line: number))
          cursor = .section(sections.count - 1)
        }
        optionName = nil
        return
      }
      if cursor == .none {
        throw ConfigError(
          .configParse, "unable to parse config file \(path): a setting appears before the first [section] header",
          location: location(number))
      }
      guard let (rawName, rawValue) = Self.option(stripped) else {
        recordError("unable to parse config file \(path): expected `key = value` or a [section] header", number)
        return
      }
      if rawName.isEmpty {
        recordError("unable to parse config file \(path): a setting has no name before its `=` or `:`", number)
      }
      let name = PythonText.string(PythonText.rstrip(rawName)).lowercased()
      optionName = name
      let seenKey = sectionName + "\u{0}" + name
      if seenOptions.contains(seenKey) {
        throw ConfigError(
          .configParse, "unable to parse config file \(path): key \(name) appears twice in [\(sectionName)]",
          location: location(number))
      }
      seenOptions.insert(seenKey)
      let text = PythonText.string(PythonText.strip(rawValue))
      withCurrentSection { $0.options[name] = RawOption(name: name, pieces: [(text, number)], line: number) }
    }

    mutating func recordError(_ message: String, _ line: Int) {
      if deferredError == nil {
        deferredError = ConfigError(.configParse, message, location: location(line))
      }
    }

    /// `\[(?P<header>.+)\]` matched at the start: the header runs to the last `]`.
    static func sectionHeader(_ value: ArraySlice<Unicode.Scalar>) -> String? {
      guard value.first == "[", let close = value.lastIndex(of: "]"), close - value.startIndex >= 2
      else { return nil }
      return PythonText.string(value[(value.startIndex + 1)..<close])
    }

    /// `(?P<option>.*?)\s*(?P<vi>=|:)\s*(?P<value>.*)$`: split at the first delimiter.
    static func option(_ value: ArraySlice<Unicode.Scalar>) -> (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>)? {
      guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
      var nameEnd = delimiter
      while nameEnd > value.startIndex, PythonText.isSpace(value[nameEnd - 1]) { nameEnd -= 1 }
      return (value[value.startIndex..<nameEnd], value[(delimiter + 1)...])
    }

    func joined(_ option: RawOption) -> (value: String, pieces: [(text: String, line: Int)]) {
      let text = option.pieces.map(\.text).joined(separator: "\n")
      return (PythonText.string(PythonText.rstrip(Array(text.unicodeScalars)[...])), option.pieces)
    }

    /// botocore's `_parse_nested`: every non-blank line must hold `=`; later keys win.
    func nested(_ option: RawOption, text: String) throws -> INIValue {
      var block: [String: String] = [:]
      for line in PythonText.splitLines(text) {
        let stripped = PythonText.strip(Array(line.unicodeScalars)[...])
        if stripped.isEmpty { continue }
        guard let equals = stripped.firstIndex(of: "=") else {
          let lineText = PythonText.string(stripped)
          let number = option.pieces.first(where: { $0.text.contains(lineText) })?.line ?? option.line
          throw ConfigError(
            .configParse,
            "unable to parse config file \(path): the nested value of \(option.name) needs `key = value` on every line",
            location: location(number))
        }
        let key = PythonText.string(PythonText.strip(stripped[..<equals]))
        let value = PythonText.string(PythonText.strip(stripped[(equals + 1)...]))
        block[key] = value
      }
      return .nested(block)
    }

    mutating func finish() throws -> INIDocument {
      if let deferredError { throw deferredError }
      var document = INIDocument(path: path, sections: [])
      var defaultEntries: [String: (RawOption, String)] = [:]
      for (name, option) in defaults.options { defaultEntries[name] = (option, joined(option).value) }
      for section in sections {
        var entries: [String: INIEntry] = [:]
        for (name, option) in section.options {
          let text = joined(option).value
          entries[name] = INIEntry(value: try value(option, text), location: location(option.line))
        }
        for (name, (option, text)) in defaultEntries where entries[name] == nil {
          entries[name] = INIEntry(value: try value(option, text), location: location(option.line))
        }
        document.sections.append(INISection(header: section.header, location: location(section.line), entries: entries))
      }
      return document
    }

    func value(_ option: RawOption, _ text: String) throws -> INIValue {
      text.hasPrefix("\n") ? try nested(option, text: text) : .text(text)
    }
  }
}
