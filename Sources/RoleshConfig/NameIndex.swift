import Glibc

/// Profile names to sections, for a config file whose irregular headers the header tables
/// cannot answer: FNV-1a and linear probing over the UTF-8 bytes (HashSlots). Names compare by
/// their bytes, as botocore's Python dict compares code points (a Swift Dictionary would make
/// NFC and NFD spellings one key).
struct NameIndex {
  private var table: HashSlots
  /// The names in the order they were first set.
  private(set) var names: [String] = []
  private(set) var values: [Int] = []

  init(capacity: Int) {
    table = HashSlots(capacity: capacity)
    names.reserveCapacity(capacity)
    values.reserveCapacity(capacity)
  }

  var count: Int { names.count }

  /// The value stored for `name`.
  subscript(name: String) -> Int? {
    entry(name, hash: HashSlots.hash(name)).map { values[$0] }
  }

  /// Stores `value` for `name`; returns the value it replaces, if any.
  @discardableResult
  mutating func set(_ name: String, _ value: Int) -> Int? {
    let hash = HashSlots.hash(name)
    if let entry = entry(name, hash: hash) {
      defer { values[entry] = value }
      return values[entry]
    }
    names.append(name)
    values.append(value)
    table.insert(hash: hash)
    return nil
  }

  private func entry(_ name: String, hash: UInt64) -> Int? {
    var name = name
    return name.withUTF8 { wanted in
      table.find(hash: hash) { entry in
        var candidate = names[entry]
        return candidate.withUTF8 { $0.count == wanted.count && (wanted.isEmpty || memcmp($0.baseAddress!, wanted.baseAddress!, wanted.count) == 0) }
      }
    }
  }
}

/// The open-addressing core: entry numbers (0, 1, 2… in insertion order) by FNV-1a hash; the
/// caller keeps the keys and says whether an entry's key is the one looked for.
struct HashSlots {
  /// Entry number + 1 per slot, 0 when empty; a power of two, at most half full.
  private var slots: [Int32]
  private var hashes: [UInt64] = []

  init(capacity: Int) {
    var count = 16
    while count < capacity * 2 { count <<= 1 }
    slots = Array(repeating: 0, count: count)
    hashes.reserveCapacity(capacity)
  }

  static func hash(_ name: String) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in name.utf8 { hash = self.continue(hash, byte) }
    return hash
  }

  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in bytes { hash = self.continue(hash, byte) }
    return hash
  }

  /// The hash of the bytes so far followed by `byte`.
  @inline(__always)
  static func `continue`(_ hash: UInt64, _ byte: UInt8) -> UInt64 { (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }

  /// The first entry with this hash whose key `matches`.
  func find(hash: UInt64, _ matches: (Int) -> Bool) -> Int? {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hash) & mask
    while slots[slot] != 0 {
      let entry = Int(slots[slot]) - 1
      if hashes[entry] == hash && matches(entry) { return entry }
      slot = (slot + 1) & mask
    }
    return nil
  }

  /// Adds the next entry (number `count` before the call).
  mutating func insert(hash: UInt64) {
    hashes.append(hash)
    if hashes.count * 2 > slots.count {
      slots = Array(repeating: 0, count: slots.count * 2)
      for entry in hashes.indices { place(entry) }
    } else {
      place(hashes.count - 1)
    }
  }

  private mutating func place(_ entry: Int) {
    let mask = slots.count - 1
    var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
    while slots[slot] != 0 { slot = (slot + 1) & mask }
    slots[slot] = Int32(entry + 1)
  }
}
