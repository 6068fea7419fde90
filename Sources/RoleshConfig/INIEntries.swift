/// A section's keys and their entries, in file order, found by comparing names.
///
/// A section holds a handful of keys and a command reads a dozen of them, so a scan beats
/// hashing: building a `Dictionary` for every section was most of `list` at 50,000 profiles
/// (docs/contract.md, "Performance"), and a warm `export` no longer instantiates one for each section it reads.
package struct INIEntries: Equatable, Sendable, Sequence {
  package typealias Element = (key: String, value: INIEntry)

  fileprivate struct Item: Equatable, Sendable {
    var key: String
    var entry: INIEntry
  }

  private var items: [Item] = []

  package init() {}

  init(capacity: Int) { items.reserveCapacity(capacity) }

  /// The entry for `key` (lowercased, as the files' keys are stored); setting `nil` removes it.
  package subscript(key: String) -> INIEntry? {
    get {
      // The byte count first (free for native strings): most keys differ in length.
      let length = key.utf8.count
      for item in items where item.key.utf8.count == length && item.key == key { return item.entry }
      return nil
    }
    set {
      let length = key.utf8.count
      if let index = items.firstIndex(where: { $0.key.utf8.count == length && $0.key == key }) {
        if let newValue { items[index].entry = newValue } else { items.remove(at: index) }
      } else if let newValue {
        items.append(Item(key: key, entry: newValue))
      }
    }
  }

  /// Adds a key known not to be present yet (the parser has already refused duplicates).
  mutating func appendNew(_ key: String, _ entry: INIEntry) { items.append(Item(key: key, entry: entry)) }

  package var count: Int { items.count }
  package var isEmpty: Bool { items.isEmpty }
  package var keys: [String] { items.map(\.key) }

  /// The values by key, as a dictionary (for code that merges several sections).
  package func mapValues<T>(_ transform: (INIEntry) throws -> T) rethrows -> [String: T] {
    var result: [String: T] = [:]
    result.reserveCapacity(items.count)
    for item in items { result[item.key] = try transform(item.entry) }
    return result
  }

  package struct Iterator: IteratorProtocol {
    fileprivate var items: IndexingIterator<[Item]>
    package mutating func next() -> Element? { items.next().map { ($0.key, $0.entry) } }
  }

  package func makeIterator() -> Iterator { Iterator(items: items.makeIterator()) }

  /// Same keys with the same entries, in any order (as dictionaries compare).
  package static func == (lhs: INIEntries, rhs: INIEntries) -> Bool {
    lhs.count == rhs.count && lhs.items.allSatisfy { rhs[$0.key] == $0.entry }
  }
}
