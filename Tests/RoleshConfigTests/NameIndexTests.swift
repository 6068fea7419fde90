import Testing

@testable import RoleshConfig
@testable import RoleshSupport

/// The hand-written tables that replaced dictionaries on the config paths (issue: everyday use,
/// `list` at 50,000 profiles): checked against Dictionary on the same operations.
@Suite struct NameIndexTests {
  @Test func agreesWithADictionaryThroughGrowth() {
    var index = NameIndex(capacity: 1)
    var reference: [String: Int] = [:]
    var order: [String] = []
    // Enough names to grow the table several times; every third name is set twice.
    for i in 0..<5_000 {
      let name = i % 7 == 0 ? "profile é\(i)" : "n\(i)"
      #expect(index.set(name, i) == reference[name])
      if reference[name] == nil { order.append(name) }
      reference[name] = i
      if i % 3 == 0 {
        #expect(index.set(name, -i) == i)
        reference[name] = -i
      }
    }
    #expect(index.count == reference.count)
    #expect(index.names == order)
    for (name, value) in reference { #expect(index[name] == value) }
    #expect(index["absent"] == nil)
    #expect(index[""] == nil)
  }

  @Test func namesAreComparedByTheirBytesAsPythonDoes() {
    // Python's dict (botocore's profile map) tells "café" in NFC from "café" in NFD; Swift's
    // Dictionary would make them one key. NameIndex compares bytes, as botocore does.
    var index = NameIndex(capacity: 4)
    index.set("caf\u{E9}", 1)
    #expect(index.set("cafe\u{301}", 2) == nil)
    #expect(index.count == 2 && index["caf\u{E9}"] == 1 && index["cafe\u{301}"] == 2)
    #expect(index.set("caf\u{E9}", 3) == 1)
  }

  @Test func entriesLookUpReplaceRemoveAndCompareInAnyOrder() {
    let here = SourceLocation(file: "/cfg", line: 1)
    func entry(_ text: String) -> INIEntry { INIEntry(value: .text(text), location: here) }
    var entries = INIEntries()
    entries["region"] = entry("us-east-1")
    entries["role_arn"] = entry("arn")
    #expect(entries["region"]?.value == .text("us-east-1"))
    entries["region"] = entry("eu-west-1")
    #expect(entries.count == 2 && entries["region"]?.value == .text("eu-west-1"))
    #expect(entries.keys == ["region", "role_arn"])
    var reversed = INIEntries()
    reversed["role_arn"] = entry("arn")
    reversed["region"] = entry("eu-west-1")
    #expect(entries == reversed)
    reversed["region"] = nil
    #expect(reversed.count == 1 && reversed["region"] == nil && entries != reversed)
    #expect(entries.mapValues(\.value) == ["region": .text("eu-west-1"), "role_arn": .text("arn")])
    #expect(Set(entries.map(\.key)) == ["region", "role_arn"])
  }
}
