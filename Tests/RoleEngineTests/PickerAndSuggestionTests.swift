import Testing

@testable import RoleEngine
@testable import RoleshCredentials

/// The picker's model and "did you mean" as plain values.
@Suite struct PickerAndSuggestionTests {
  static let items = ["dev", "prod", "shop-dev", "shop-prod", "data-dev", "Ops"].map {
    ProfilePicker.Item(name: $0, detail: "role")
  }

  @Test func typingFiltersSubstringsFirstThenSubsequences() {
    var picker = ProfilePicker(items: Self.items)
    #expect(picker.choice == "dev")
    picker.type("prd")
    #expect(picker.matches.map { Self.items[$0].name } == ["prod", "shop-prod"])
    picker.clear()
    picker.type("DEV")
    // Same position of the match: file order.
    #expect(picker.matches.map { Self.items[$0].name } == ["dev", "shop-dev", "data-dev"])
    picker.move(5)
    #expect(picker.choice == "data-dev")
    picker.move(-1)
    #expect(picker.choice == "shop-dev")
    picker.erase()
    picker.erase()
    picker.erase()
    #expect(picker.query.isEmpty && picker.matches.count == Self.items.count && picker.choice == "dev")
    picker.type("zz")
    #expect(picker.choice == nil)
    #expect(picker.lines(width: 40, height: 5).contains { $0.contains("no profile matches") })
  }

  @Test func linesFitTheTerminalAndFollowTheHighlight() {
    var picker = ProfilePicker(items: Self.items)
    picker.move(5)
    let lines = picker.lines(width: 24, height: 3)
    #expect(lines.allSatisfy { $0.count <= 24 })
    #expect(lines.contains { $0.hasPrefix("> Ops") })
    #expect(lines.count == 1 + 3 + 1)
  }

  @Test(arguments: [
    ("shopdev", ["shop-dev"]), ("prdo", ["prod"]), ("PROD", ["prod"]), ("shop", ["shop-dev", "shop-prod"]),
    ("dve", ["dev"]), ("zzzzzz", []), ("", []),
  ])
  func suggestions(typed: String, expected: [String]) {
    #expect(ProfileSuggestions.closest(to: typed, among: Self.items.map(\.name)) == expected)
  }
}
