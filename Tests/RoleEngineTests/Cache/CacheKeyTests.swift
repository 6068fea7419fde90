import Testing

@testable import RoleEngine

/// The worked examples of aws-credentials-spec.md §4.5 (names computed by botocore).
@Suite struct CacheKeyTests {
  static let admin = INIValue.text("arn:aws:iam::123456789012:role/Admin")

  @Test(arguments: [
    (CacheKey.Arguments(roleArn: admin), "51e7b105b5040ce662656c8dc6ab4de70c4de7ad"),
    (CacheKey.Arguments(roleArn: admin, roleSessionName: .text("alice")), "3bb32a2920a40a5690d3fe4645e7c1ededd4319d"),
    (
      CacheKey.Arguments(
        roleArn: admin, roleSessionName: .text("alice"), externalId: .text("ext-1"),
        serialNumber: .text("arn:aws:iam::111111111111:mfa/alice"), durationSeconds: "3600"),
      "6536218585d41d2cbb9d1811b2ad8351ac6f0f0b"
    ),
    (CacheKey.Arguments(roleArn: admin, durationSeconds: "3600"), "d01f726b6165762f6f71e742b03b1bc031b82dbf"),
    (
      CacheKey.Arguments(
        roleArn: admin, roleSessionName: .text("alice"), serialNumber: .text("arn:aws:iam::123456789012:mfa/alice")),
      "2d888889a71ca40cf5832b6384652ef19e9ba32f"
    ),
    (CacheKey.Arguments(roleArn: admin, durationSeconds: "900"), "48e047e359b9e96c206382b1392b8c2dbbea87a2"),
    (CacheKey.Arguments(roleArn: admin, durationSeconds: "1000"), "be2bd8e5d7e31b5a24d621815316221c0d2a751e"),
    (
      CacheKey.Arguments(roleArn: admin, roleSessionName: .text("alice"), externalId: .text("ext-1"), durationSeconds: "900"),
      "f1daa6c86468f896c04376de10ece6d9bd548827"
    ),
    (
      CacheKey.Arguments(roleArn: .text("arn:aws:iam::123456789012:role/Web"), roleSessionName: .text("ci-run")),
      "356db9bc65d0167be0fa1be2c54af01808f93c1c"
    ),
    (CacheKey.Arguments(roleArn: .text("arn:aws:iam::123456789012:role/Web")), "18af613c9bef419c04d3b122efca26134232a879"),
    (CacheKey.Arguments(roleArn: .text("arn:aws:iam::123456789012:role/A")), "2807bfcd7c5bd8aa285ad333d88b7686b1fa34f9"),
    (CacheKey.Arguments(roleArn: .text("arn:aws:iam::210987654321:role/B")), "f30eb6af8d607df4b5654b52ef4fbc9f917f1022"),
  ])
  func workedExample(arguments: CacheKey.Arguments, hash: String) {
    #expect(CacheKey(arguments).hash == hash)
  }

  @Test func canonicalJSONUsesPythonSeparatorsAndUnescapedSlashes() {
    #expect(
      CacheKey.Arguments(roleArn: Self.admin, durationSeconds: "3600").canonicalJSON
        == "{\"DurationSeconds\": 3600, \"RoleArn\": \"arn:aws:iam::123456789012:role/Admin\"}")
  }

  @Test func ensureASCIIEscaping() {
    #expect(PythonJSON.dumps("prød \"q\" \\ \n 🙂 \u{7F}") == "\"pr\\u00f8d \\\"q\\\" \\\\ \\n \\ud83d\\ude42 \u{7F}\"")
    #expect(PythonJSON.dumps(.nested(["b": "1", "a": "é"])) == "{\"a\": \"\\u00e9\", \"b\": \"1\"}")
  }
}
