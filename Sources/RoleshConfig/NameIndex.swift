/// Names to integers, for the tables a config file needs by the thousand (its headers while
/// parsing, its profile names for `list`): FNV-1a and linear probing over the UTF-8 bytes.
/// `Dictionary<String, Int>` hashes with SipHash and was a third of those passes at 50,000
/// profiles.
struct NameIndex {
  /// Entry number + 1 per slot, 0 when empty; a power of two, at most half full.
  private var slots: [Int32]
  /// The names in the order they were first set.
  private(set) var names: [String] = []
  private var hashes: [UInt64] = []
  private(set) var values: [Int] = []

  init(capacity: Int) {
    var count = 16
    while count < capacity * 2 { count <<= 1 }
    slots = Array(repeating: 0, count: count)
    names.reserveCapacity(capacity)
    hashes.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  var count: Int { names.count }

  static func hash(_ name: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return hash
  }

  /// The value stored for `name`.
  subscript(name: String) -> Int? {
    entry(name, hash: Self.hash(name)).map { values[$0] }
  }

  /// Stores `value` for `name`; returns the value it replaces, if any.
  @discardableResult
  mutating func set(_ name: String, _ value: Int) -> Int? {
    let hash = Self.hash(name)
    if let entry = entry(name, hash: hash) {
      defer { values[entry] = value }
      return values[entry]
    }
    names.append(name)
    hashes.append(hash)
    values.append(value)
    if names.count * 2 > slots.count {
      slots = Array(repeating: 0, count: slots.count * 2)
      for entry in 0..<hashes.count { place(entry) }
    } else {
      place(names.count - 1)
    }
    return nil
  }

  private func entry(_ name: String, hash: UInt64) -> Int? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let entry = Int(slots[slot]) - 1
      if hashes[entry] == hash && names[entry] == name { return entry }
      slot = (slot + 1) & mask
    }
    return nil
  }

  private mutating func place(_ entry: Int) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(entry + 1)
  }
}
