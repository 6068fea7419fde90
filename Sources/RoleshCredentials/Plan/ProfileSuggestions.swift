/// "Did you mean": the profile names closest to a mistyped one. Names equal but for case and
/// punctuation come first (`shopdev` → `shop-dev`), then those within a small edit distance
/// (transpositions count once), then names that contain the typed one.
package enum ProfileSuggestions {
  package static func closest(to typed: String, among names: [String], limit: Int = 3) -> [String] {
    let key = normalized(typed)
    guard !key.isEmpty else { return [] }
    let budget = max(1, min(3, key.count / 3))
    var ranked: [(score: Int, name: String)] = []
    for name in names {
      let other = normalized(name)
      if other == key {
        ranked.append((0, name))
      } else if abs(other.count - key.count) <= budget, let distance = distance(key, other, limit: budget) {
        ranked.append((distance, name))
      } else if key.count >= 3, position(of: key, in: other) != nil {
        ranked.append((budget + 1, name))
      }
    }
    // A name equal but for case and punctuation is surely the one meant: only those then.
    if ranked.contains(where: { $0.score == 0 }) { ranked.removeAll { $0.score > 0 } }
    return ranked.sorted { ($0.score, $0.name) < ($1.score, $1.name) }.prefix(limit).map(\.name)
  }

  /// Lower-case letters and digits only.
  static func normalized(_ text: String) -> [Unicode.Scalar] {
    text.lowercased().unicodeScalars.filter { $0.properties.isAlphabetic || ("0"..."9").contains($0) }
  }

  /// Where `needle` first stands in `haystack` (the picker ranks matches by it), or nil.
  package static func position(of needle: [Unicode.Scalar], in haystack: [Unicode.Scalar]) -> Int? {
    guard needle.count <= haystack.count else { return nil }
    for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
      return start
    }
    return nil
  }

  /// Optimal-string-alignment distance, or nil when it exceeds `limit`.
  static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int? {
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) <= limit ? max(a.count, b.count) : nil }
    var previous2 = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
      current[0] = i
      var rowMinimum = i
      for j in 1...b.count {
        let cost = a[i - 1] == b[j - 1] ? 0 : 1
        var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { value = min(value, previous2[j - 2] + 1) }
        current[j] = value
        rowMinimum = min(rowMinimum, value)
      }
      if rowMinimum > limit { return nil }
      (previous2, previous, current) = (previous, current, previous2)
    }
    return previous[b.count] <= limit ? previous[b.count] : nil
  }
}
