import RoleshSupport

/// Line edits to the shared config and credentials files that keep every other byte as it was
/// (comments, other sections, other keys, blank lines, invalid UTF-8): a key set in one section
/// (the section added when missing), keys removed from one. Sections and keys are found as
/// botocore's INI dialect writes them: a header `[…]` at the start of a line, a key at the start
/// of a line (`name = value` or `name: value`), its value's continuation lines indented.
package struct SectionEditor {
  package var bytes: [UInt8]

  package init(_ bytes: [UInt8]) { self.bytes = bytes }

  /// One physical line: where it starts, where its content ends (before `\r\n` / `\n`), where
  /// the next line starts.
  struct Line {
    var start: Int
    var contentEnd: Int
    var next: Int
  }

  var lines: [Line] {
    var result: [Line] = []
    var start = 0
    while start < bytes.count {
      var end = start
      while end < bytes.count && bytes[end] != 0x0A { end += 1 }
      let next = end < bytes.count ? end + 1 : end
      let contentEnd = end > start && bytes[end - 1] == 0x0D ? end - 1 : end
      result.append(Line(start: start, contentEnd: contentEnd, next: next))
      start = next
    }
    return result
  }

  func text(_ line: Line) -> String { String(decoding: bytes[line.start..<line.contentEnd], as: UTF8.self) }

  /// The section name of a header line (`[profile  a]` → `profile a`), nil for other lines.
  func header(_ line: Line) -> String? {
    let content = PythonText.strip(text(line))
    guard line.contentEnd > line.start, bytes[line.start] == UInt8(ascii: "["), content.hasSuffix("]") else { return nil }
    let inner = content.dropFirst().dropLast()
    return inner.split(whereSeparator: { $0 == " " || $0 == "\t" }).joined(separator: " ")
  }

  /// The key of a line that starts one (lowercased), nil for others.
  func key(_ line: Line) -> String? {
    guard line.contentEnd > line.start else { return nil }
    let first = bytes[line.start]
    guard first != 0x20, first != 0x09, first != UInt8(ascii: "#"), first != UInt8(ascii: ";"), first != UInt8(ascii: "[") else {
      return nil
    }
    let content = text(line)
    guard let separator = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
    return PythonText.strip(String(content[..<separator])).lowercased()
  }

  /// The value of a key line (what follows the separator, stripped).
  func value(_ line: Line) -> String {
    let content = text(line)
    guard let separator = content.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return "" }
    return PythonText.strip(String(content[content.index(after: separator)...]))
  }

  /// The index range of the lines of the first section named one of `names` (header included).
  func section(_ names: [String], in lines: [Line]) -> Range<Int>? {
    guard let first = lines.firstIndex(where: { header($0).map(names.contains) == true }) else { return nil }
    var end = first + 1
    while end < lines.count && header(lines[end]) == nil { end += 1 }
    return first..<end
  }

  /// Lines `index` and its continuation lines (indented, non-blank), as an index range.
  func entry(at index: Int, in lines: [Line], within section: Range<Int>) -> Range<Int> {
    var end = index + 1
    while end < section.upperBound, lines[end].contentEnd > lines[end].start,
      bytes[lines[end].start] == 0x20 || bytes[lines[end].start] == 0x09
    {
      end += 1
    }
    return index..<end
  }

  /// The value of `key` in the first section named one of `names`, if set.
  package func value(of key: String, inSection names: [String]) -> String? {
    let lines = lines
    guard let section = section(names, in: lines) else { return nil }
    return section.dropFirst().first { self.key(lines[$0]) == key }.map { value(lines[$0]) }
  }

  /// Sets `key = value` in the first section named one of `names` (`header` is written when
  /// there is none): replaces the key's line when `replaceable` says its current value may be
  /// replaced, else throws `conflict` with it; inserts the line after the header when unset.
  package mutating func set(
    _ key: String, to value: String, inSection names: [String], header: String, replaceable: (String) -> Bool,
    conflict: (String) -> Error
  ) throws {
    let lines = lines
    let newline: [UInt8] = bytes.contains(0x0D) && !bytes.isEmpty && lines.first.map { $0.contentEnd < $0.next - 1 } == true ? [0x0D, 0x0A] : [0x0A]
    let line = Array("\(key) = \(value)".utf8) + newline
    guard let section = section(names, in: lines) else {
      var tail: [UInt8] = []
      if !bytes.isEmpty && bytes.last != 0x0A { tail += newline }
      if !bytes.isEmpty { tail += newline }
      bytes += tail + Array("[\(header)]".utf8) + newline + line
      return
    }
    if let existing = section.dropFirst().first(where: { self.key(lines[$0]) == key }) {
      let current = self.value(lines[existing])
      guard replaceable(current) else { throw conflict(current) }
      let entry = entry(at: existing, in: lines, within: section)
      bytes.replaceSubrange(lines[entry.lowerBound].start..<lines[entry.upperBound - 1].next, with: line)
      return
    }
    let headerLine = lines[section.lowerBound]
    var insertion = line
    if headerLine.next == headerLine.contentEnd { insertion = newline + line }  // a header on the last line, unterminated
    bytes.insert(contentsOf: insertion, at: headerLine.next)
  }

  /// Removes the lines of `keys` (and their continuation lines) from the first section named
  /// one of `names`, when `removable` says so for the value; returns the keys removed.
  @discardableResult
  package mutating func remove(_ keys: Set<String>, inSection names: [String], removable: (String, String) -> Bool = { _, _ in true })
    -> [String]
  {
    let lines = lines
    guard let section = section(names, in: lines) else { return [] }
    var removed: [String] = []
    var ranges: [Range<Int>] = []
    var index = section.lowerBound + 1
    while index < section.upperBound {
      if let key = key(lines[index]), keys.contains(key), removable(key, value(lines[index])) {
        let entry = entry(at: index, in: lines, within: section)
        ranges.append(lines[entry.lowerBound].start..<lines[entry.upperBound - 1].next)
        removed.append(key)
        index = entry.upperBound
      } else {
        index += 1
      }
    }
    for range in ranges.reversed() { bytes.removeSubrange(range) }
    return removed
  }
}
