import Testing

@testable import RoleEngine
@testable import RoleshSupport

/// Tables (`list`, `cache list`) are laid out in terminal columns, not characters.
@Suite struct TextTableTests {
  @Test func wideAndCombiningCellsArePaddedByTheColumnsTheyTake() {
    let text = TextTable.render([["NAME", "KIND"], ["本番", "role"], ["cafe\u{301}", "static"], ["🚀go", "sso"]])
    let lines = text.split(separator: "\n").map(String.init)
    // The second column starts at the same terminal column on every line.
    for line in lines {
      let first = line.prefix { $0 != " " }
      let gap = line.dropFirst(first.count).prefix { $0 == " " }
      #expect(DisplayWidth.of(String(first)) + gap.count == 6, "\(line)")
    }
  }

  @Test func aCutNeverSplitsAWideCharacterOrPassesTheWidth() {
    // Column two shrinks to 8 columns: 7 of text then `…`; a wide character that would straddle
    // the edge is left out (6 columns of text then) and the cell is padded to 8.
    let rows = [["P", "ROLE", "X"], ["a", "役割役割役割役割役割", "x"], ["b", "abcdefghijklmnop", "y"]]
    let lines = TextTable.render(rows, maxWidth: 14, shrinkable: [1]).split(separator: "\n").map(String.init)
    #expect(lines[1] == "a  役割役…   x")
    #expect(lines[2] == "b  abcdefg…  y")
    for line in lines { #expect(DisplayWidth.of(line) <= 14) }
  }
}
