import Testing

@testable import RoleshSupport

@Suite struct PythonTextTests {
  @Test(arguments: [
    ("3600", "3600"), (" 900 ", "900"), ("+1000", "1000"), ("-5", "-5"), ("3_600", "3600"),
    ("0900", "900"), ("٣٦٠٠", "3600"), ("99999999999999999999", "99999999999999999999"), ("-0", "0"),
  ])
  func intAccepts(text: String, expected: String) {
    #expect(PythonText.parseInt(text) == expected)
  }

  @Test(arguments: ["1h", "3600.0", "", " ", "1__0", "_1", "1_", "+", "0x10", "1 0"])
  func intRejects(text: String) {
    #expect(PythonText.parseInt(text) == nil)
  }

  @Test(arguments: [
    ("profile foo", ["profile", "foo"]), ("profile \"my prof\"", ["profile", "my prof"]),
    ("a ''", ["a", ""]), ("a\\ b", ["a b"]), ("\"a\\\"b\"", ["a\"b"]), ("\"a\\xb\"", ["a\\xb"]),
    ("x'y z'w", ["xy zw"]), ("  ", []),
  ])
  func shlexSplits(text: String, words: [String]) {
    #expect(PythonText.shlexSplit(text) == words)
  }

  @Test(arguments: ["profile it's", "a \"b", "trailing\\"])
  func shlexRejects(text: String) {
    #expect(PythonText.shlexSplit(text) == nil)
  }

  @Test func reprMatchesPython() {
    #expect(PythonText.repr(["A", "B"]) == "['A', 'B']")
    #expect(PythonText.repr("it's") == "\"it's\"")
    #expect(PythonText.repr("a\nb\u{7}") == "'a\\nb\\x07'")
  }

  @Test func splitLinesKnowsPythonsBoundaries() {
    #expect(PythonText.splitLines("a\u{0B}b\u{85}c\r\nd") == ["a", "b", "c", "d"])
  }
}
