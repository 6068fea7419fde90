#if canImport(Glibc)
  import Glibc
#endif
import Testing

@testable import RoleshSupport

/// Terminal widths against the `wcwidth` package (the reference Python terminal tools use), run
/// as a separate process: strings of CJK, emoji with skin tones and VS16, flags, combining marks.
@Suite struct DisplayWidthTests {
  static let samples = [
    "abc", "日本語", "😀", "é", "e\u{301}", "👍🏽", "❤️", "🇯🇵", "한국어", "ｱ", "prod/管理者", "dev-🚀-team", "Ünïcödé",
    "ﾊﾝｶｸ", "ＡＢＣ", "a\u{300}\u{301}b", "👩‍💻", "中文 and ascii", "e\u{20DD}", "☀︎", "⌚",
  ]

  @Test func matchesWcwidth() throws {
    let script = """
      import json, sys, wcwidth
      print(json.dumps([wcwidth.wcswidth(s) for s in json.load(sys.stdin)]))
      """
    let input = "[" + Self.samples.map { JSON.string($0).serialized(.pythonCompact) }.joined(separator: ",") + "]"
    let result = try Subprocess.run(["python3", "-c", script], input: .bytes(Array(input.utf8)), timeout: 30, outputLimit: 1 << 16)
    try #require(result.status == 0, "python3 with wcwidth: \(String(decoding: result.stderr, as: UTF8.self))")
    let expected = PythonText.strip(String(decoding: result.stdout, as: UTF8.self))
    let ours = "[" + Self.samples.map { String(DisplayWidth.of($0)) }.joined(separator: ", ") + "]"
    #expect(ours == expected)
  }

  @Test func fitNeverExceedsTheColumns() {
    for sample in Self.samples {
      for columns in 1...12 {
        let cut = DisplayWidth.fit(sample + sample, columns: columns)
        #expect(DisplayWidth.of(cut) <= columns)
        #expect(DisplayWidth.of(DisplayWidth.fit(sample, columns: columns, pad: true)) == columns)
      }
    }
    #expect(DisplayWidth.fit("日本語", columns: 4) == "日…")
    #expect(DisplayWidth.fit("日本語", columns: 5) == "日本…")
    #expect(DisplayWidth.fit("ab", columns: 4, pad: true) == "ab  ")
  }

  @Test func bidiControlsAreEscaped() {
    #expect(TerminalText.sanitized("admin\u{202E}nimda") == "admin\\u202enimda")
    #expect(TerminalText.sanitized("a\u{2066}b\u{2069}\u{200F}") == "a\\u2066b\\u2069\\u200f")
    #expect(TerminalText.sanitized("\u{1B}[31m") == "\\x1b[31m")
    #expect(TerminalText.sanitized("日本語 ok") == "日本語 ok")
  }
}
