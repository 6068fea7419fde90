import Testing

@testable import RoleshShell
@testable import RoleshSupport

/// The data rendering of a transition: every operation, in order, with values as JSON strings.
@Suite struct JSONOperationsTests {
  @Test func everyOperationInOrder() {
    let text = JSONOperations().render([
      .save("AWS_PROFILE"), .set("AWS_ACCESS_KEY_ID", "A'\"$(x)\n\u{1}"), .unset("AWS_PROFILE"), .restore("AWS_REGION"),
      .forget("AWS_DEFAULT_REGION"), .message("rolesh: using profile p"),
    ])
    let parsed = JSON.parse(Array(text.utf8))
    guard case .array(let items)? = parsed else {
      Issue.record("not a JSON array: \(text)")
      return
    }
    #expect(items.map { $0["op"]?.stringValue } == ["save", "set", "unset", "restore", "forget", "message"])
    #expect(items[1]["value"]?.stringValue == "A'\"$(x)\n\u{1}")
    #expect(items[5]["text"]?.stringValue == "rolesh: using profile p")
    #expect(text.hasSuffix("]\n") && !text.dropLast().contains("\n"))
  }

  @Test func dialectsAreTheShellsAndJSON() {
    #expect(Shells.dialects.map(\.name) == ["bash", "zsh", "fish", "json"])
    #expect(Shells.named("json") == nil)  // no integration script: `init json` is not a thing
    #expect(Shells.dialect(named: "json") != nil)
  }
}
