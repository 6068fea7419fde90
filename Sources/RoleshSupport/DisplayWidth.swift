/// How many terminal columns text takes, as terminals (and `wcwidth`) draw it: two for East
/// Asian wide and full-width characters and emoji, zero for combining marks and format
/// characters, one for the rest. The picker and tables cut and pad rows by this, not by
/// character count, so a row of CJK or emoji names neither wraps nor garbles the redraw.
package enum DisplayWidth {
  /// Columns of one code point.
  package static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value < 0x300 { return 1 }
    if contains(zero, value) { return 0 }
    return contains(wide, value) ? 2 : 1
  }

  /// Columns of one character (grapheme cluster): its first code point's, two for an emoji made
  /// to look like one (U+FE0F) and for a flag (a pair of regional indicators).
  package static func of(_ character: Character) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    var width = of(first)
    if width == 1, scalars.count > 1 {
      let regional: ClosedRange<UInt32> = 0x1F1E6...0x1F1FF
      if scalars.contains("\u{FE0F}") || (regional.contains(first.value) && scalars.dropFirst().contains { regional.contains($0.value) }) {
        width = 2
      }
    }
    return width
  }

  /// Columns of `text`.
  package static func of(_ text: String) -> Int {
    var total = 0
    for character in text { total += of(character) }
    return total
  }

  /// The longest prefix of `text` that fits in `columns`.
  package static func prefix(_ text: String, columns: Int) -> String {
    var used = 0
    var end = text.startIndex
    for index in text.indices {
      let width = of(text[index])
      if used + width > columns { break }
      used += width
      end = text.index(after: index)
    }
    return String(text[..<end])
  }

  /// `text` cut to `columns` (ending in `…` when cut), or padded with spaces to exactly
  /// `columns` when `pad` is set.
  package static func fit(_ text: String, columns: Int, pad: Bool = false) -> String {
    let width = of(text)
    if width <= columns { return pad ? text + String(repeating: " ", count: columns - width) : text }
    let cut = prefix(text, columns: max(0, columns - 1)) + "…"
    let cutWidth = of(cut)
    return pad && cutWidth < columns ? cut + String(repeating: " ", count: columns - cutWidth) : cut
  }

  private static func contains(_ table: [(UInt32, UInt32)], _ value: UInt32) -> Bool {
    var low = 0
    var high = table.count - 1
    while low <= high {
      let middle = (low + high) / 2
      if value < table[middle].0 {
        high = middle - 1
      } else if value > table[middle].1 {
        low = middle + 1
      } else {
        return true
      }
    }
    return false
  }
}
