import RoleshSupport

/// Left-aligned columns separated by two spaces, measured in terminal columns; with `maxWidth`,
/// the `shrinkable` columns are narrowed (widest first, cells cut with `…`) until a row fits.
/// Cells are made terminal-safe one by one (control characters escaped), and the table is
/// built as bytes: `list` prints tens of thousands of rows, in two halves on two threads from
/// `TwoThreads.worthwhileCount`.
package enum TextTable {
  package static func render(_ rows: [[String]], maxWidth: Int? = nil, shrinkable: [Int] = []) -> String {
    var bytes = renderBytes(rows, maxWidth: maxWidth, shrinkable: shrinkable)
    if bytes.last == 0x0A { bytes.removeLast() }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The table, each line ending in a newline.
  package static func renderBytes(_ rows: [[String]], maxWidth: Int? = nil, shrinkable: [Int] = []) -> [UInt8] {
    guard let first = rows.first else { return [] }
    return renderChunks(header: first, count: rows.count - 1, maxWidth: maxWidth, shrinkable: shrinkable) { rows[$0 + 1] }
      .flatMap { $0 }
  }

  /// The table in pieces to write one after the other: the header line, then the rows that
  /// `row(0)`…`row(count - 1)` give (called from two threads for a large table).
  package static func renderChunks(
    header: [String], count: Int, maxWidth: Int?, shrinkable: [Int], row: (Int) -> [String]
  ) -> [[UInt8]] {
    withoutActuallyEscaping(row) { row in
      let top = Measured(rows: [header])
      var parts: [Measured]
      if count >= TwoThreads.worthwhileCount {
        let half = count / 2
        let (first, second) = TwoThreads.run(
          { Measured(count: half) { row($0) } }, { Measured(count: count - half) { row(half + $0) } })
        parts = [first, second]
      } else {
        parts = [Measured(count: count, row: row)]
      }
      var widths = top.widths
      for part in parts {
        for (i, width) in part.widths.enumerated() where width > widths[i] { widths[i] = width }
      }
      if let maxWidth {
        var total = widths.reduce(0, +) + 2 * (widths.count - 1)
        while total > maxWidth, let widest = shrinkable.filter({ widths[$0] > 8 }).max(by: { widths[$0] < widths[$1] }) {
          widths[widest] -= 1
          total -= 1
        }
      }
      let fitted = widths
      if parts.count == 2 {
        let (first, second) = TwoThreads.run({ parts[0].render(fitted) }, { parts[1].render(fitted) })
        return [top.render(fitted), first, second]
      }
      return [top.render(fitted)] + parts.map { $0.render(fitted) }
    }
  }

  /// Rows made terminal-safe and measured once, kept as one buffer of cell bytes (a row of
  /// eight Strings per profile was a fifth of `list`'s memory at 50,000 profiles), and the
  /// widest cell per column.
  private struct Measured {
    var text: [UInt8] = []
    /// Per cell: where its bytes end in `text`, and the terminal columns it takes.
    var ends: [Int32] = []
    var cellWidths: [Int32] = []
    var columns = 0
    var widths: [Int] = []

    init(rows: [[String]]) {
      self.init(count: rows.count) { rows[$0] }
    }

    init(count: Int, row: (Int) -> [String]) {
      for index in 0..<count { add(row(index)) }
    }

    private mutating func add(_ row: [String]) {
      if widths.isEmpty {
        columns = row.count
        widths = Array(repeating: 0, count: columns)
      }
      for i in 0..<row.count {
        // Printable ASCII, nearly every cell: one scan, and the width is the byte count.
        var cell = row[i]
        let width: Int
        if needsEscaping(cell) {
          cell = TerminalText.sanitized(cell, keepNewlines: false)
          width = TextTable.width(cell)
        } else {
          width = cell.utf8.count
        }
        text.append(contentsOf: cell.utf8)
        ends.append(Int32(text.count))
        cellWidths.append(Int32(width))
        if width > widths[i] { widths[i] = width }
      }
    }

    func render(_ widths: [Int]) -> [UInt8] {
      guard columns > 0 else { return [] }
      var out: [UInt8] = []
      out.reserveCapacity(ends.count / columns * (widths.reduce(0, +) + 2 * widths.count + 1))
      text.withUnsafeBufferPointer { text in
        var start = 0
        for cell in 0..<ends.count {
          let column = cell % columns
          let end = Int(ends[cell])
          var length = Int(cellWidths[cell])
          let bytes = UnsafeBufferPointer(rebasing: text[start..<end])
          if length > widths[column] {
            // Cut by terminal columns: a wide character that would straddle the edge goes too.
            let kept = DisplayWidth.prefix(String(decoding: bytes, as: UTF8.self), columns: widths[column] - 1)
            out.append(contentsOf: kept.utf8)
            out.append(contentsOf: "…".utf8)
            length = DisplayWidth.of(kept) + 1
          } else {
            out.append(contentsOf: bytes)
          }
          if column < columns - 1 {
            out.append(contentsOf: repeatElement(0x20, count: widths[column] - length + 2))
          } else {
            out.append(0x0A)
          }
          start = end
        }
      }
      return out
    }
  }

  /// Whether a cell may hold control characters (ASCII text, the common case, is only checked).
  static func needsEscaping(_ text: String) -> Bool {
    for byte in text.utf8 where byte < 0x20 || byte == 0x7F || byte >= 0x80 { return true }
    return false
  }

  /// Terminal columns a cell takes: bytes for ASCII (the common case, and cheap), else what
  /// terminals draw (wide CJK and emoji two columns, combining marks none).
  static func width(_ text: String) -> Int {
    var ascii = true
    for byte in text.utf8 where byte >= 0x80 {
      ascii = false
      break
    }
    return ascii ? text.utf8.count : DisplayWidth.of(text)
  }
}
