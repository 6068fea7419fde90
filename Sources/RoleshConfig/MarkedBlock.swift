import RoleshSupport

/// Lines rolesh owns inside a file the user also edits (`sso populate`'s profiles in
/// `~/.aws/config`): a BEGIN line, rolesh's lines, an END line.
///
/// The markers count only as whole lines (a trailing `\r` allowed), never as text inside a
/// line: a value that happens to contain `# BEGIN …` is the user's. A block that is not intact
/// — a marker missing, repeated, or END before BEGIN — is refused with the lines it found, so
/// that a later run never removes a line outside the block it wrote. Bytes are handled as bytes:
/// every byte outside the block stays as it was, invalid UTF-8 included.
package struct MarkedBlock: Sendable {
  package var begin: String
  package var end: String

  package init(begin: String, end: String) {
    self.begin = begin
    self.end = end
  }

  /// Where the block is: its byte range, from the BEGIN line's start to the end of the END line
  /// (its newline included); `nil` when the file has neither marker.
  package func locate(in bytes: [UInt8], path: String) throws -> Range<Int>? {
    let beginBytes = Array(begin.utf8)
    let endBytes = Array(end.utf8)
    var begins: [(line: Int, range: Range<Int>)] = []
    var ends: [(line: Int, range: Range<Int>)] = []
    var start = 0
    var line = 1
    while start < bytes.count {
      var stop = start
      while stop < bytes.count && bytes[stop] != 0x0A { stop += 1 }
      var content = start..<stop
      if content.count > 0 && bytes[content.upperBound - 1] == 0x0D { content = start..<(stop - 1) }
      let whole = start..<min(stop + 1, bytes.count)
      if bytes[content].elementsEqual(beginBytes) { begins.append((line, whole)) }
      if bytes[content].elementsEqual(endBytes) { ends.append((line, whole)) }
      start = stop + 1
      line += 1
    }
    if begins.isEmpty && ends.isEmpty { return nil }
    guard begins.count == 1, ends.count == 1, begins[0].range.lowerBound < ends[0].range.lowerBound else {
      let found = (begins.map { "BEGIN at line \($0.line)" } + ends.map { "END at line \($0.line)" })
      throw MarkedBlockDamaged(path: path, begin: begin, found: found, line: (begins.first ?? ends[0]).line)
    }
    return begins[0].range.lowerBound..<ends[0].range.upperBound
  }

  /// `bytes` with the block replaced by `block`, or `block` appended (after a blank line) when
  /// there is none.
  package func replacing(in bytes: [UInt8], with block: [UInt8], path: String) throws -> [UInt8] {
    var updated = bytes
    if let range = try locate(in: bytes, path: path) {
      updated.replaceSubrange(range, with: block)
      return updated
    }
    if !updated.isEmpty && updated.last != 0x0A { updated.append(0x0A) }
    if !updated.isEmpty { updated.append(0x0A) }
    return updated + block
  }
}

/// A block whose markers are not one BEGIN line followed by one END line: the file was edited
/// by hand (or by something else), so rolesh changes nothing and says where to look.
package struct MarkedBlockDamaged: RoleshError, Sendable {
  package var path: String
  package var begin: String
  package var found: [String]
  package var line: Int

  package var exitStatus: ExitStatus { .configuration }
  package var location: SourceLocation? { SourceLocation(file: path, line: line) }
  package var message: String {
    "the block that starts with \"\(begin)\" is damaged (\(found.joined(separator: ", "))); "
      + "repair or remove it by hand and run again; nothing was changed"
  }
}
