#if canImport(Glibc)
  import Glibc
#endif
import RoleshTestSupport
import Testing

@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// Robustness: random bytes, truncations and line soup never crash or hang the reader or the
/// resolver; each input gives a parse error or a plan (or a configuration error).
@Suite struct INIFuzzTests {
  static let sample = Array(
    """
    [DEFAULT]
    region = us-east-1
    [profile a]
    role_arn = arn:aws:iam::123456789012:role/A
    source_profile = b
      continued
    s3 =
      k = v
    [profile b]
    aws_access_key_id : AK
    aws_secret_access_key=s
    [profile "c d"] # c
    web_identity_token_file = /t
    role_arn =
    """.utf8)

  func exercise(_ bytes: [UInt8], _ rng: SeededRandom) {
    let document: INIDocument
    do {
      document = try INIParser.parse(bytes: bytes, path: "/fuzz")
    } catch let error as ConfigError {
      #expect(error.code == .configParse, "\(rng.replay)")
      #expect(error.location?.file == "/fuzz", "\(rng.replay)")
      return
    } catch {
      Issue.record("unexpected error \(error); \(rng.replay)")
      return
    }
    let config = AWSConfig(config: document, credentials: document)
    let resolver = ProfileResolver(config: config, environment: Environment(["AWS_EC2_METADATA_DISABLED": "true"]))
    for name in config.profileOrder {
      _ = try? resolver.resolve(.explicit(name))
    }
  }

  @Test func randomBytes() {
    var rng = SeededRandom()
    for _ in 0..<2000 {
      let count = Int.random(in: 0...300, using: &rng)
      exercise((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }, rng)
    }
  }

  @Test func truncationsAndMutations() {
    var rng = SeededRandom()
    for length in 0...Self.sample.count { exercise(Array(Self.sample.prefix(length)), rng) }
    let alphabet = Array("[]=:#; \t\n\r\"'\\profile_arn".utf8) + [0xC3, 0xA9, 0xFF, 0x00]
    for _ in 0..<3000 {
      var bytes = Self.sample
      for _ in 0..<Int.random(in: 1...6, using: &rng) {
        let index = Int.random(in: 0..<bytes.count, using: &rng)
        bytes[index] = alphabet.randomElement(using: &rng) ?? 0
      }
      exercise(bytes, rng)
    }
  }
}
