import Foundation
import RoleshTestSupport
import Testing

/// `rolesh explain` and `rolesh list` through the built binary.
@Suite struct ExplainCommandTests {
  static let config = """
    [profile marketingadmin]
    role_arn = arn:aws:iam::123456789012:role/marketingadmin
    source_profile = user1
    mfa_serial = arn:aws:iam::123456789012:mfa/user1
    region = eu-west-1

    [profile broken]
    role_arn = arn:aws:iam::123456789012:role/x
    source_profile = ghost
    """
  static let credentials = "[user1]\naws_access_key_id = AKIDUSER1\naws_secret_access_key = secret\n"

  @Test func jsonPlanHasTheDocumentedShape() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["explain", "marketingadmin", "--json"])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    let plan = try rolesh.json(result.stdout)
    #expect(plan["profile"] as? String == "marketingadmin")
    #expect(plan["region"] as? String == "eu-west-1")
    let steps = try #require(plan["steps"] as? [[String: Any]])
    #expect(steps.count == 3)
    #expect(Set(steps[0].keys) == ["kind", "profile", "origin"])
    #expect(steps[0]["origin"] as? String == "credentials-file")
    // The MFA session of user1's long-term keys, shared by every role behind that device.
    #expect(Set(steps[1].keys) == ["kind", "profile", "mfa_serial", "duration_seconds", "cache_file"])
    #expect(steps[1]["kind"] as? String == "mfa-session" && steps[1]["profile"] as? String == "user1")
    #expect((steps[1]["cache_file"] as? String)?.hasPrefix("rolesh-mfa-session-") == true)
    #expect(
      Set(steps[2].keys) == [
        "kind", "profile", "role_arn", "cache_file", "session_name", "session_name_origin", "external_id", "mfa_serial",
        "duration_seconds",
      ])
    #expect(steps[2]["session_name"] as? String == "rolesh-tester")
    #expect(steps[2]["session_name_origin"] as? String == "default")
    #expect(steps[2]["external_id"] is NSNull)
    #expect((steps[2]["cache_file"] as? String)?.hasSuffix(".json") == true)
  }

  @Test func humanFormShowsOriginsCacheAndMFA() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["explain", "marketingadmin"])
    #expect(result.status == 0)
    let configPath = rolesh.home.appendingPathComponent(".aws/config").path
    #expect(result.stdout.contains("\(configPath):2"))
    #expect(result.stdout.contains(".aws/credentials:2"))
    #expect(result.stdout.contains("an MFA code will be asked for"))
    #expect(result.stdout.contains("none yet"))
  }

  @Test func cachedEntryIsReportedReadOnly() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let plan = try rolesh.json(try rolesh.run(["explain", "marketingadmin", "--json"]).stdout)
    let cacheFile = try #require((plan["steps"] as? [[String: Any]])?.last?["cache_file"] as? String)
    try FileManager.default.createDirectory(
      at: rolesh.home.appendingPathComponent(".aws/cli/cache"), withIntermediateDirectories: true)
    let expires = Date().addingTimeInterval(3600)
    let formatter = ISO8601DateFormatter()
    let entry = "{\"Credentials\": {\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"x\", \"SessionToken\": \"t\", \"Expiration\": \"\(formatter.string(from: expires))\"}}"
    let path = ".aws/cli/cache/\(cacheFile)"
    try rolesh.write(Array(entry.utf8), to: path)
    let before = try Data(contentsOf: rolesh.home.appendingPathComponent(path))
    let result = try rolesh.run(["explain", "marketingadmin"])
    #expect(result.stdout.contains("valid, expires"))
    #expect(result.stdout.contains("no MFA code needed now"))
    #expect(try Data(contentsOf: rolesh.home.appendingPathComponent(path)) == before)
  }

  @Test func configurationErrorExits78NamingFileLineAndProfile() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["explain", "broken", "--json"])
    #expect(result.status == 78)
    let error = try #require(try rolesh.json(result.stdout)["error"] as? [String: Any])
    #expect(error["code"] as? String == "source-profile-missing")
    #expect(error["profile"] as? String == "broken")
    #expect((error["file"] as? String)?.hasSuffix(".aws/config") == true)
    #expect(error["line"] as? Int == 9)
    #expect(result.stderr.contains(".aws/config:9"))
    let human = try rolesh.run(["explain", "broken"])
    #expect(human.status == 78)
    #expect(human.stdout.isEmpty)
  }

  @Test func parseErrorNamesFileAndLine() throws {
    let rolesh = try RoleshRunner(config: "[profile a]\nregion = x\nREGION = y\n")
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["explain", "a", "--json"])
    #expect(result.status == 78)
    let error = try #require(try rolesh.json(result.stdout)["error"] as? [String: Any])
    #expect(error["code"] as? String == "config-parse")
    #expect(error["line"] as? Int == 3)
  }

  @Test func profileComesFromEnvironmentInV2Order() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let viaProfile = try rolesh.run(["explain", "--json"], environment: ["AWS_PROFILE": "user1", "AWS_DEFAULT_PROFILE": "nope"])
    #expect(try rolesh.json(viaProfile.stdout)["profile"] as? String == "user1")
    let missing = try rolesh.run(["explain", "--json"], environment: ["AWS_PROFILE": "nope"])
    #expect(missing.status == 78)
    #expect(missing.stderr.contains("AWS_PROFILE"))
  }

  @Test func alternateFileLocationsAreExpanded() throws {
    let rolesh = try RoleshRunner()
    defer { rolesh.cleanUp() }
    try rolesh.write(Array("[profile alt]\naws_access_key_id = A\naws_secret_access_key = s\n".utf8), to: "alt-config")
    let result = try rolesh.run(
      ["explain", "alt", "--json"], environment: ["AWS_CONFIG_FILE": "~/${SUB}-config", "SUB": "alt"])
    #expect(result.status == 0)
  }

  @Test func listShowsEveryProfile() throws {
    let rolesh = try RoleshRunner(config: Self.config, credentials: Self.credentials)
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["list", "--json"])
    #expect(result.status == 0)
    let profiles = try #require(try rolesh.json(result.stdout)["profiles"] as? [[String: Any]])
    #expect(profiles.map { $0["name"] as? String } == ["marketingadmin", "broken", "user1"])
    #expect(profiles[0]["kind"] as? String == "role")
    #expect(profiles[0]["mfa_serial"] as? String == "arn:aws:iam::123456789012:mfa/user1")
    #expect(profiles[0]["region"] as? String == "eu-west-1")
    #expect(profiles[0]["source"] as? String == "user1")
    #expect(profiles[2]["kind"] as? String == "static")
    let table = try rolesh.run(["list"])
    #expect(table.stdout.contains("marketingadmin  role"))
  }

  @Test func randomBytesNeverCrashTheBinary() throws {
    let rolesh = try RoleshRunner()
    defer { rolesh.cleanUp() }
    // Seeded like the other fuzzers: a failure prints how to replay it (ROLESH_FUZZ_SEED).
    var generator = SeededRandom()
    let seed = "[profile p]\nrole_arn = arn:aws:iam::1:role/x\nsource_profile = p\naws_access_key_id = A\n"
    for round in 0..<40 {
      var bytes: [UInt8]
      if round % 2 == 0 {
        bytes = (0..<Int.random(in: 0...400, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      } else {
        bytes = Array(seed.utf8.prefix(Int.random(in: 0...seed.utf8.count, using: &generator)))
      }
      try rolesh.write(bytes, to: ".aws/config")
      let result = try rolesh.run(["explain", "p", "--json"])
      #expect([0, 78].contains(result.status), "round \(round): status \(result.status) \(result.stderr); \(generator.replay)")
      #expect((try? rolesh.json(result.stdout)) != nil, "round \(round); \(generator.replay)")
    }
  }
}
