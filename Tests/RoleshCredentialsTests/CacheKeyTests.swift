import Testing

@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// The AssumeRole arguments that go into botocore's key.
struct Args: Sendable {
  var roleArn: INIValue
  var roleSessionName: INIValue? = nil
  var externalId: INIValue? = nil
  var serialNumber: INIValue? = nil
  var durationSeconds: String? = nil

  var key: CacheKey {
    AssumeRoleStep.key(
      roleArn: roleArn, sessionName: roleSessionName, externalId: externalId, serialNumber: serialNumber,
      durationSeconds: durationSeconds)
  }
}

/// Worked examples of the cache key (names computed by botocore).
@Suite struct CacheKeyTests {
  static let admin = INIValue.text("arn:aws:iam::123456789012:role/Admin")

  @Test(arguments: [
    (Args(roleArn: admin), "51e7b105b5040ce662656c8dc6ab4de70c4de7ad"),
    (Args(roleArn: admin, roleSessionName: .text("alice")), "3bb32a2920a40a5690d3fe4645e7c1ededd4319d"),
    (
      Args(
        roleArn: admin, roleSessionName: .text("alice"), externalId: .text("ext-1"),
        serialNumber: .text("arn:aws:iam::111111111111:mfa/alice"), durationSeconds: "3600"),
      "6536218585d41d2cbb9d1811b2ad8351ac6f0f0b"
    ),
    (Args(roleArn: admin, durationSeconds: "3600"), "d01f726b6165762f6f71e742b03b1bc031b82dbf"),
    (
      Args(
        roleArn: admin, roleSessionName: .text("alice"), serialNumber: .text("arn:aws:iam::123456789012:mfa/alice")),
      "2d888889a71ca40cf5832b6384652ef19e9ba32f"
    ),
    (Args(roleArn: admin, durationSeconds: "900"), "48e047e359b9e96c206382b1392b8c2dbbea87a2"),
    (Args(roleArn: admin, durationSeconds: "1000"), "be2bd8e5d7e31b5a24d621815316221c0d2a751e"),
    (
      Args(roleArn: admin, roleSessionName: .text("alice"), externalId: .text("ext-1"), durationSeconds: "900"),
      "f1daa6c86468f896c04376de10ece6d9bd548827"
    ),
    (
      Args(roleArn: .text("arn:aws:iam::123456789012:role/Web"), roleSessionName: .text("ci-run")),
      "356db9bc65d0167be0fa1be2c54af01808f93c1c"
    ),
    (Args(roleArn: .text("arn:aws:iam::123456789012:role/Web")), "18af613c9bef419c04d3b122efca26134232a879"),
    (Args(roleArn: .text("arn:aws:iam::123456789012:role/A")), "2807bfcd7c5bd8aa285ad333d88b7686b1fa34f9"),
    (Args(roleArn: .text("arn:aws:iam::210987654321:role/B")), "f30eb6af8d607df4b5654b52ef4fbc9f917f1022"),
  ])
  func workedExample(arguments: Args, hash: String) {
    #expect(arguments.key.hash == hash)
  }

  @Test func canonicalJSONUsesPythonSeparatorsAndUnescapedSlashes() {
    let document = JSON.object([("RoleArn", JSON(Self.admin)), ("DurationSeconds", .number("3600"))])
    #expect(
      document.sortedKeys.serialized(.python)
        == "{\"DurationSeconds\": 3600, \"RoleArn\": \"arn:aws:iam::123456789012:role/Admin\"}")
    #expect(CacheKey(document: document).hash == "d01f726b6165762f6f71e742b03b1bc031b82dbf")
  }

  /// What `python3 -c 'import json; print(json.dumps(...))'` prints: DEL is escaped too
  /// (ensure_ascii keeps only ' '...'~').
  @Test func ensureASCIIEscaping() {
    #expect(
      JSON.quoted("prød \"q\" \\ \n 🙂 \u{7F}", asciiOnly: true)
        == "\"pr\\u00f8d \\\"q\\\" \\\\ \\n \\ud83d\\ude42 \\u007f\"")
    #expect(JSON(INIValue.nested(["b": "1", "a": "é"])).serialized(.python) == "{\"a\": \"\\u00e9\", \"b\": \"1\"}")
  }

  /// The AWS CLI v2's SSO role-credential key (compact separators), identity-center doc §1.
  @Test func compactKeyOfTheCLIv2() {
    let document = JSON.object([
      ("accountId", .string("123456789012")), ("roleName", .string("Admin")), ("sessionName", .string("corp")),
    ])
    #expect(CacheKey(document: document, style: .pythonCompact).hash == "8457bc68cf9d4aa8d629a61563948e8bd3159d49")
  }
}
