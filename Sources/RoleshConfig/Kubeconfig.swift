import RoleshSupport

/// Edits to a kubeconfig that keep every other byte: a named entry set in `clusters`, `users`
/// or `contexts` (replacing the entry of that name, else appended to the list) and
/// `current-context`. kubeconfigs are YAML as kubectl and `aws eks update-kubeconfig` write them:
/// top-level keys at the start of a line, block lists whose items start with `- `. Anything
/// else (flow-style lists, anchors, a list that is not a list) is refused, never rewritten.
package struct Kubeconfig {
  package var bytes: [UInt8]
  package var path: String

  package init(_ bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
  }

  /// A new kubeconfig, as kubectl starts one.
  static let empty = "apiVersion: v1\nclusters: []\ncontexts: []\ncurrent-context: \"\"\nkind: Config\npreferences: {}\nusers: []\n"

  package struct Unsupported: RoleshError, Sendable {
    var path: String
    var line: Int
    var problem: String
    package var exitStatus: ExitStatus { .configuration }
    package var location: SourceLocation? { SourceLocation(file: path, line: line) }
    package var message: String { "\(problem); rolesh edits kubeconfigs written in kubectl's block style only, so nothing was changed" }
  }

  /// Lines as text, without their line ends.
  private var lines: [String] {
    var result = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    if result.last == "" { result.removeLast() }
    return result
  }

  private mutating func setLines(_ lines: [String]) { bytes = Array((lines.joined(separator: "\n") + "\n").utf8) }

  /// A YAML scalar, quoted when plain style could be misread.
  package static func scalar(_ value: String) -> String {
    let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { scalar in
      scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || "._/@-".unicodeScalars.contains(scalar) || scalar == ":")
    } && !value.hasSuffix(":") && !value.contains(": ") && !["true", "false", "null", "yes", "no", "on", "off", "~"].contains(value.lowercased())
      && value.first.map { !("0"..."9").contains($0) || value.contains(where: { !$0.isNumber && $0 != "." }) } == true
    if plain { return value }
    var out = "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      default:
        if scalar.value < 0x20 || scalar.value == 0x7F { out += "\\x" + PythonText.hex(scalar.value, width: 2) } else { out.unicodeScalars.append(scalar) }
      }
    }
    return out + "\""
  }

  private static func isTopLevelKey(_ line: String) -> Bool {
    guard let first = line.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-" else { return false }
    return line.contains(":")
  }

  private static func key(_ line: String) -> String { String(line.prefix { $0 != ":" }) }

  /// Sets `list`'s entry called `name` to `body` (the item's lines below `- name: NAME`,
  /// indented by two spaces and given without that indent).
  package mutating func setEntry(in list: String, name: String, body: [String]) throws {
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { bytes = Array(Self.empty.utf8) }
    var lines = lines
    let item = ["- name: \(Self.scalar(name))"] + body.map { "  " + $0 }
    guard let start = lines.firstIndex(where: { Self.isTopLevelKey($0) && Self.key($0) == list }) else {
      lines += ["\(list):"] + item
      setLines(lines)
      return
    }
    let value = PythonText.strip(String(lines[start].dropFirst(list.count + 1)))
    var end = start + 1
    while end < lines.count && !Self.isTopLevelKey(lines[end]) { end += 1 }
    if value == "[]" || value == "null" || value == "~" {
      guard lines[(start + 1)..<end].allSatisfy({ PythonText.strip($0).isEmpty || PythonText.strip($0).hasPrefix("#") }) else {
        throw Unsupported(path: path, line: start + 1, problem: "\(list) is an empty list followed by more lines")
      }
      lines[start] = "\(list):"
      lines.insert(contentsOf: item, at: start + 1)
      setLines(lines)
      return
    }
    guard value.isEmpty || value.hasPrefix("#") else {
      throw Unsupported(path: path, line: start + 1, problem: "\(list) is not a block list (\(String(value.prefix(20)))…)")
    }
    // The items: lines starting with `- ` at the list's indentation (0 or 2 spaces).
    let indent = lines[(start + 1)..<end].first(where: { PythonText.strip($0).hasPrefix("- ") || PythonText.strip($0) == "-" })
      .map { String($0.prefix { $0 == " " }) } ?? ""
    let itemIndent = indent
    var items: [Range<Int>] = []
    var index = start + 1
    while index < end {
      if lines[index].hasPrefix(itemIndent + "- ") || lines[index] == itemIndent + "-" {
        var stop = index + 1
        while stop < end && !lines[stop].hasPrefix(itemIndent + "-") { stop += 1 }
        items.append(index..<stop)
        index = stop
      } else {
        index += 1
      }
    }
    let indented = item.map { itemIndent + $0 }
    for range in items where entryName(lines[range], indent: itemIndent) == name {
      // Trailing blank and comment lines stay where they were.
      var last = range.upperBound
      while last > range.lowerBound + 1 && (PythonText.strip(lines[last - 1]).isEmpty || PythonText.strip(lines[last - 1]).hasPrefix("#")) { last -= 1 }
      lines.replaceSubrange(range.lowerBound..<last, with: indented)
      setLines(lines)
      return
    }
    var insertAt = items.last?.upperBound ?? start + 1
    while insertAt > start + 1 && PythonText.strip(lines[insertAt - 1]).isEmpty { insertAt -= 1 }
    lines.insert(contentsOf: indented, at: insertAt)
    setLines(lines)
  }

  /// The `name:` of an item (on its `- ` line or its own line at the item's inner indentation).
  private func entryName(_ item: ArraySlice<String>, indent: String) -> String? {
    for (offset, line) in item.enumerated() {
      let inner = String(line.dropFirst(indent.count + 2))
      guard offset == 0 || line.hasPrefix(indent + "  "), !inner.hasPrefix(" "), inner.hasPrefix("name:") else { continue }
      var value = PythonText.strip(String(inner.dropFirst(5)))
      if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") {
        value = String(value.dropFirst().dropLast()).replacing("\\\"", with: "\"").replacing("\\\\", with: "\\")
      } else if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
        value = String(value.dropFirst().dropLast()).replacing("''", with: "'")
      }
      return value
    }
    return nil
  }

  /// Sets `current-context`.
  package mutating func setCurrentContext(_ name: String) {
    var lines = lines
    let line = "current-context: \(Self.scalar(name))"
    if let index = lines.firstIndex(where: { Self.isTopLevelKey($0) && Self.key($0) == "current-context" }) {
      lines[index] = line
    } else {
      lines.append(line)
    }
    setLines(lines)
  }
}
