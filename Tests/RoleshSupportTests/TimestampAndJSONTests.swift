import Foundation
import RoleshTestSupport
import Testing

@testable import RoleshSupport

/// Timestamps as botocore's dateutil reads them, and the JSON reader and writer.
@Suite struct TimestampAndJSONTests {
  @Test(arguments: [
    "2026-11-29T12:26:23Z", "2026-11-29T12:26:23UTC", "2026-11-29T12:26:23+00:00", "2026-11-29T12:26:23.176061Z",
    "2026-11-29 12:26:23Z", "2026-11-29T13:26:23+01:00",
  ])
  func acceptedForms(text: String) {
    #expect(Timestamp(iso8601: text)?.description == "2026-11-29T12:26:23Z")
  }

  /// The review's defect: impossible dates were accepted. dateutil rejects them.
  @Test(arguments: [
    "2026-02-31T00:00:00Z", "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-29T12:26:60Z",
    "2026-11-29T24:00:00Z", "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z",
    "2026-11-29T12:26:23", "2026-11-29", "",
  ])
  func impossibleOrZonelessTimesAreRejected(text: String) {
    #expect(Timestamp(iso8601: text) == nil)
  }

  @Test func leapDaysFollowTheGregorianRules() {
    #expect(Timestamp(iso8601: "2028-02-29T00:00:00Z") != nil)
    #expect(Timestamp(iso8601: "2000-02-29T00:00:00Z") != nil)
    #expect(Timestamp(iso8601: "2100-02-29T00:00:00Z") == nil)
  }

  /// Every second of a span of years prints and parses back to itself.
  @Test func printedFormsRoundTrip() {
    var rng = SeededRandom()
    for _ in 0..<5000 {
      let stamp = Timestamp(secondsSinceEpoch: Int.random(in: 0...4_102_444_800, using: &rng))
      #expect(Timestamp(iso8601: stamp.description) == stamp, "\(stamp); \(rng.replay)")
      #expect(Timestamp(iso8601: stamp.botocoreCacheForm) == stamp, "\(stamp); \(rng.replay)")
    }
  }

  static func randomJSON(_ rng: inout SeededRandom, depth: Int = 0) -> JSON {
    let pick = depth > 4 ? Int.random(in: 0...3, using: &rng) : Int.random(in: 0...5, using: &rng)
    switch pick {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &rng))
    case 2: return .number(String(Int.random(in: -1_000_000...1_000_000, using: &rng)))
    case 3:
      let alphabet: [Unicode.Scalar] = ["a", "\"", "\\", "\n", "\u{0}", "\u{7F}", "é", "🙂", "\u{2028}", "/", " ", "\u{1B}"]
      var text = String.UnicodeScalarView()
      for _ in 0..<Int.random(in: 0...12, using: &rng) { text.append(alphabet.randomElement(using: &rng)!) }
      return .string(String(text))
    case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in randomJSON(&rng, depth: depth + 1) })
    default:
      return .object((0..<Int.random(in: 0...4, using: &rng)).map { i in ("k\(i)", randomJSON(&rng, depth: depth + 1)) })
    }
  }

  @Test func jsonRoundTripsInEveryStyle() {
    var rng = SeededRandom()
    for _ in 0..<3000 {
      let value = Self.randomJSON(&rng)
      for style in [JSONStyle.rolesh, .pretty, .python, .pythonCompact] {
        #expect(JSON.parse(value.serialized(style)) == value, "\(value); \(rng.replay)")
      }
    }
  }

  /// Python's json.dumps for the same values (the AWS CLI's cache keys depend on it).
  @Test func pythonStyleMatchesPython() throws {
    var rng = SeededRandom()
    let values = (0..<200).map { _ in Self.randomJSON(&rng) }
    let script = "import json,sys\nfor line in sys.stdin: print(json.dumps(json.loads(line), sort_keys=True))"
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(values.map { $0.serialized(.rolesh) + "\n" }.joined().utf8))
    try input.fileHandleForWriting.close()
    let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    let lines = printed.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
    try #require(lines.count == values.count)
    for (value, line) in zip(values, lines) {
      #expect(value.sortedKeys.serialized(.python) == String(line), "\(rng.replay)")
    }
  }

  @Test func parserNeverCrashesOnRandomOrDeepInput() {
    var rng = SeededRandom()
    let alphabet = Array("{}[]\":,0123456789.eE-+tfnul\\ \n".utf8)
    for _ in 0..<5000 {
      let bytes = (0..<Int.random(in: 0...64, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }
      _ = JSON.parse(bytes)
    }
    // Nesting beyond the reader's limit is refused, not a stack overflow.
    #expect(JSON.parse(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)) == nil)
    #expect(JSON.parse(String(repeating: "[", count: 50) + String(repeating: "]", count: 50)) != nil)
  }

  @Test func numbersFromOutsideAreChecked() {
    #expect(Numbers.seconds("30", within: 0.1...600) == 30)
    #expect(Numbers.seconds("2.5", within: 0.1...600) == 2.5)
    for bad in ["inf", "nan", "1e20", "-1", "0.0001", "", ".5", "5.", "1_0", "0x10", "1.2.3", String(repeating: "9", count: 40)] {
      #expect(Numbers.seconds(bad, within: 0.1...600) == nil, "\(bad)")
    }
    #expect(Numbers.milliseconds(0.0001) == 1)
    #expect(Numbers.milliseconds(.infinity) == 1)
  }
}
