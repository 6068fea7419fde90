import Foundation
import Testing

@testable import RoleshAWS
@testable import RoleshSupport

/// The official SigV4 test suite (aws4_testsuite, shipped in botocore's source distribution).
/// `make test` fetches it into an ignored folder and points `ROLESH_SIGV4_SUITE` at it; it is
/// never committed. Every case must give the expected canonical request, string to sign and
/// Authorization header.
@Suite struct SigV4SuiteTests {
  static let suite = ProcessInfo.processInfo.environment["ROLESH_SIGV4_SUITE"]

  struct Case {
    var name: String
    var method: String
    var url: ParsedURL
    var headers: [(String, String)]
    var body: [UInt8]
    var expected: (creq: String, sts: String, authz: String)
    var sessionToken: String?
  }

  static func loadCases(_ root: String) throws -> [Case] {
    var cases: [Case] = []
    let enumerator = FileManager.default.enumerator(atPath: root)
    while let relative = enumerator?.nextObject() as? String {
      guard relative.hasSuffix(".req") else { continue }
      let base = (root as NSString).appendingPathComponent(String(relative.dropLast(4)))
      func read(_ ext: String) throws -> String {
        try String(contentsOfFile: base + ext, encoding: .utf8).replacingOccurrences(of: "\r", with: "")
      }
      let raw = try read(".req")
      var lines = raw.components(separatedBy: "\n")
      let requestLine = lines.removeFirst()
      // Split at the last space (the path may contain one: normalize-path/get-space).
      let lastSpace = try #require(requestLine.range(of: " ", options: .backwards))
      let target = requestLine[..<lastSpace.lowerBound]
      let firstSpace = try #require(target.firstIndex(of: " "))
      let method = String(target[..<firstSpace])
      let path = String(target[target.index(after: firstSpace)...])
      var headers: [(String, String)] = []
      var bodyLines: [String] = []
      var inBody = false
      for line in lines {
        if inBody { bodyLines.append(line); continue }
        if line.isEmpty { inBody = true; continue }
        if line.first == " " || line.first == "\t", !headers.isEmpty {
          headers[headers.count - 1].1 += " " + line.trimmingCharacters(in: .whitespaces)
          continue
        }
        let colon = try #require(line.firstIndex(of: ":"))
        headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
      }
      let host = headers.first(where: { $0.0.lowercased() == "host" })?.1 ?? "example.amazonaws.com"
      let url = try #require(ParsedURL("https://\(host)\(path)"))
      let creq = try read(".creq")
      var token: String?
      if !headers.contains(where: { $0.0.lowercased() == "x-amz-security-token" }),
        let line = creq.components(separatedBy: "\n").first(where: { $0.hasPrefix("x-amz-security-token:") })
      {
        token = String(line.dropFirst("x-amz-security-token:".count))
      }
      cases.append(
        Case(
          name: String(relative.dropLast(4)), method: method, url: url, headers: headers,
          body: Array(bodyLines.joined(separator: "\n").utf8), expected: (creq, try read(".sts"), try read(".authz")),
          sessionToken: token))
    }
    return cases.sorted { $0.name < $1.name }
  }

  @Test(.enabled(if: suite != nil, "set ROLESH_SIGV4_SUITE (make test does)"))
  func everyOfficialCase() throws {
    let root = try #require(Self.suite)
    let cases = try Self.loadCases(root)
    #expect(cases.count >= 30, "the suite at \(root) looks incomplete")
    var passed = 0
    var failed: [String] = []
    for testCase in cases {
      let signer = SigV4Signer(
        accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        sessionToken: testCase.sessionToken, region: "us-east-1", service: "service")
      let time = try #require(Timestamp(iso8601: "2015-08-30T12:36:00Z"))
      let signature = signer.sign(
        method: testCase.method, url: testCase.url, headers: testCase.headers, body: testCase.body, time: time)
      if signature.canonicalRequest == testCase.expected.creq && signature.stringToSign == testCase.expected.sts
        && signature.authorization == testCase.expected.authz
      {
        passed += 1
      } else {
        failed.append(testCase.name)
        Issue.record(
          "\(testCase.name):\n--- expected\n\(testCase.expected.creq)\n--- actual\n\(signature.canonicalRequest)")
      }
    }
    print("sigv4 official suite: \(passed) passed, \(failed.count) failed")
  }
}
