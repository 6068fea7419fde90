import Testing

@testable import RoleshConfig
@testable import RoleshSupport

/// The populate block's markers count only as whole lines, and a damaged block changes nothing.
@Suite struct MarkedBlockTests {
  let marker = MarkedBlock(begin: "# BEGIN rolesh x", end: "# END rolesh x")

  func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

  @Test func replacesOnlyItsOwnBlock() throws {
    let text = "[profile a]\nregion = 1\n\n# BEGIN rolesh x\n[profile old]\n# END rolesh x\n[profile b]\n"
    let updated = try marker.replacing(in: bytes(text), with: bytes("# BEGIN rolesh x\nNEW\n# END rolesh x\n"), path: "c")
    #expect(String(decoding: updated, as: UTF8.self) == "[profile a]\nregion = 1\n\n# BEGIN rolesh x\nNEW\n# END rolesh x\n[profile b]\n")
  }

  @Test func appendsAfterABlankLineWhenAbsent() throws {
    let updated = try marker.replacing(in: bytes("[profile a]"), with: bytes("B\n"), path: "c")
    #expect(String(decoding: updated, as: UTF8.self) == "[profile a]\n\nB\n")
    #expect(try marker.replacing(in: [], with: bytes("B\n"), path: "c") == bytes("B\n"))
  }

  @Test func markersInsideALineAreNotMarkers() throws {
    // A role name holding the marker text lands inside a value: it is the user's line.
    let text = "[profile mine]\nsso_role_name = # BEGIN rolesh x\n[profile keep]\nregion = 2\n# BEGIN rolesh x\nold\n# END rolesh x\n"
    let range = try #require(try marker.locate(in: bytes(text), path: "c"))
    #expect(String(decoding: bytes(text)[range], as: UTF8.self) == "# BEGIN rolesh x\nold\n# END rolesh x\n")
    // A line that only starts like the marker is not one either.
    #expect(try marker.locate(in: bytes("# BEGIN rolesh xy\n"), path: "c") == nil)
  }

  @Test func carriageReturnsAreAllowedAtLineEnds() throws {
    let text = "a\r\n# BEGIN rolesh x\r\nold\r\n# END rolesh x\r\nb\r\n"
    let range = try #require(try marker.locate(in: bytes(text), path: "c"))
    #expect(String(decoding: bytes(text)[range], as: UTF8.self) == "# BEGIN rolesh x\r\nold\r\n# END rolesh x\r\n")
  }

  @Test(arguments: [
    ("# BEGIN rolesh x\nold\n", "BEGIN at line 1"),
    ("old\n# END rolesh x\n", "END at line 2"),
    ("# END rolesh x\n# BEGIN rolesh x\n", "BEGIN at line 2, END at line 1"),
    ("# BEGIN rolesh x\n# BEGIN rolesh x\n# END rolesh x\n", "BEGIN at line 1, BEGIN at line 2, END at line 3"),
  ])
  func damagedBlocksAreRefused(text: String, found: String) {
    #expect {
      try marker.replacing(in: bytes(text), with: bytes("B\n"), path: "/home/u/.aws/config")
    } throws: { error in
      guard let damaged = error as? MarkedBlockDamaged else { return false }
      return damaged.message.contains(found) && damaged.description.hasPrefix("/home/u/.aws/config:") && damaged.exitStatus == .configuration
    }
  }

  @Test func invalidUTF8OutsideTheBlockIsKept() throws {
    let text: [UInt8] = [0xFF, 0xFE, 0x0A] + bytes("# BEGIN rolesh x\nold\n# END rolesh x\n") + [0xC3, 0x28, 0x0A]
    let updated = try marker.replacing(in: text, with: bytes("# BEGIN rolesh x\n# END rolesh x\n"), path: "c")
    #expect(updated == [0xFF, 0xFE, 0x0A] + bytes("# BEGIN rolesh x\n# END rolesh x\n") + [0xC3, 0x28, 0x0A])
  }
}
