import Foundation
import Testing

@testable import RoleshAWS
@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport
import RoleshTestSupport

/// `CredentialResolver` and `STSClient` driven through a scripted transport: retries,
/// throttling, every class of error and its exit status, what is sent and what is cached.
@Suite struct CredentialResolverTests {
  static let now = Timestamp(iso8601: "2026-11-29T12:00:00Z")!
  let home: URL

  init() throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("resolver-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
  }

  func resolver(
    _ config: String, transport: ScriptedTransport, mfa: MFACodeSource = NoPromptMFA(), profile: String = "role",
    environment extra: [String: String] = [:]
  ) throws -> CredentialResolver {
    let aws = AWSConfig(
      config: try INIParser.parse(bytes: Array(config.utf8), path: "/c"),
      credentials: try INIParser.parse(bytes: Array("[base]\naws_access_key_id=AKIDBASE\naws_secret_access_key=s\n".utf8), path: "/k"))
    let environment = Environment(
      ["HOME": home.path, "USER": "tester", "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { $1 })
    let plan = try ProfileResolver(config: aws, environment: environment).resolve(.explicit(profile))
    let cache = CredentialCache(
      directory: home.path + "/cache", lockDirectory: home.path + "/locks", warn: { _ in })
    let context = FetchContext(plan: plan, config: aws, environment: environment, cache: cache, mfa: mfa) { transport }
    context.clock = { Self.now }
    context.sleep = { _ in }
    return CredentialResolver(context)
  }

  static let role = "[profile role]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = base\nregion = us-east-1\n"

  func exitStatus(_ body: () throws -> Void) -> RoleshSupport.ExitStatus? {
    do {
      try body()
      return nil
    } catch {
      return (error as? RoleshError)?.exitStatus
    }
  }

  @Test func throttlingAndServerErrorsAreRetriedThenSucceed() throws {
    let transport = ScriptedTransport([
      .response(400, STSAnswers.error("Throttling")), .response(503, "Service Unavailable"),
      .response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600))),
    ])
    let credentials = try resolver(Self.role, transport: transport).resolve()
    #expect(credentials.accessKeyId == "ASIAFRESH")
    #expect(transport.requests.count == 3)
    #expect(transport.parameters(2)["RoleArn"] == "arn:aws:iam::123456789012:role/Admin")
    #expect(transport.parameters(2)["RoleSessionName"] == "rolesh-tester")
    #expect(transport.requests[2].url == "https://sts.us-east-1.amazonaws.com")
  }

  @Test func threeThrottlesGiveUpAsUnavailable() throws {
    let transport = ScriptedTransport(Array(repeating: .response(400, STSAnswers.error("Throttling")), count: 5))
    #expect(exitStatus { _ = try resolver(Self.role, transport: transport).resolve() } == .unavailable)
    #expect(transport.requests.count == 3)
  }

  @Test(arguments: [
    ("AccessDenied", RoleshSupport.ExitStatus.permission), ("SignatureDoesNotMatch", .permission), ("InvalidClientTokenId", .permission),
    ("ExpiredToken", .permission), ("ValidationError", .configuration), ("MalformedPolicyDocument", .configuration),
    ("RegionDisabledException", .permission), ("InternalFailure", .unavailable),
  ])
  func errorCodesMapToExitStatuses(code: String, status: RoleshSupport.ExitStatus) throws {
    let transport = ScriptedTransport(Array(repeating: .response(400, STSAnswers.error(code, "no \(code)")), count: 3))
    var caught: Error?
    do { _ = try resolver(Self.role, transport: transport).resolve() } catch { caught = error }
    let error = try #require(caught as? RoleshError)
    #expect(error.exitStatus == status)
    #expect(error.message.contains(code))
    // Permission and configuration errors are final: no second call.
    #expect(transport.requests.count == (status == .unavailable ? 3 : 1))
  }

  @Test(arguments: [TransportError.Kind.refused, .timeout, .connection])
  func droppedConnectionsAreRetried(kind: TransportError.Kind) throws {
    let transport = ScriptedTransport([.failure(kind), .response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600)))])
    #expect(try resolver(Self.role, transport: transport).resolve().accessKeyId == "ASIAFRESH")
    #expect(transport.requests.count == 2)
  }

  @Test(arguments: [TransportError.Kind.dns, .tls])
  func dnsAndTLSFailuresAreFinal(kind: TransportError.Kind) throws {
    let transport = ScriptedTransport([.failure(kind), .response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600)))])
    #expect(exitStatus { _ = try resolver(Self.role, transport: transport).resolve() } == .unavailable)
    #expect(transport.requests.count == 1)
  }

  @Test func garbageAnswerIsUnavailable() throws {
    let transport = ScriptedTransport([.response(200, "<html>captive portal</html>")])
    #expect(exitStatus { _ = try resolver(Self.role, transport: transport).resolve() } == .unavailable)
  }

  @Test func answerIsCachedInBotocoreShapeAndReused() throws {
    let transport = ScriptedTransport([.response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600)))])
    _ = try resolver(Self.role, transport: transport).resolve()
    let file = home.appendingPathComponent("cache/51e7b105b5040ce662656c8dc6ab4de70c4de7ad.json")
    let text = try String(contentsOf: file, encoding: .utf8)
    #expect(text.hasPrefix("{\"Credentials\": {\"AccessKeyId\": \"ASIAFRESH\""))
    #expect(text.contains("\"Expiration\": \"2026-11-29T13:00:00UTC\""))
    // A second resolution is served from the file: the transport has no answers left.
    #expect(try resolver(Self.role, transport: ScriptedTransport([])).resolve().accessKeyId == "ASIAFRESH")
  }

  @Test func alreadyExpiredAnswerIsAnErrorAndNotCached() throws {
    let transport = ScriptedTransport([.response(200, STSAnswers.assumeRole(expires: Self.now.adding(-60)))])
    #expect(exitStatus { _ = try resolver(Self.role, transport: transport).resolve() } == .failure)
    #expect(!FileManager.default.fileExists(atPath: home.appendingPathComponent("cache/51e7b105b5040ce662656c8dc6ab4de70c4de7ad.json").path))
  }

  /// The defect the review found: `-100` passed the old `count > 3` check and went to STS.
  @Test(arguments: ["-100", "-1000", "899", "0"])
  func durationBelowTheMinimumIsRefusedBeforeAnyCall(duration: String) throws {
    let transport = ScriptedTransport([])
    let mfa = CountingMFA()
    let config = Self.role + "duration_seconds = \(duration)\nmfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
    var caught: Error?
    do { _ = try resolver(config, transport: transport, mfa: mfa).resolve() } catch { caught = error }
    let error = try #require(caught as? RoleshError)
    #expect(error.exitStatus == .configuration)
    #expect(error.message.contains("duration_seconds"))
    #expect(transport.requests.isEmpty)
    #expect(mfa.asked == 0)
  }

  @Test(arguments: ["900", "3_600", " +1000 ", "99999999999999999999"])
  func durationsBotocoreAcceptsAreSent(duration: String) throws {
    let transport = ScriptedTransport([.response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600)))])
    _ = try resolver(Self.role + "duration_seconds = \(duration)\n", transport: transport).resolve()
    #expect(transport.parameters(0)["DurationSeconds"] == PythonText.parseInt(duration))
  }

  static let sessionAnswer = """
    <GetSessionTokenResponse><GetSessionTokenResult><Credentials><AccessKeyId>ASIASESSION</AccessKeyId>
    <SecretAccessKey>session-secret</SecretAccessKey><SessionToken>session-token</SessionToken>
    <Expiration>2026-11-30T00:00:00Z</Expiration></Credentials></GetSessionTokenResult></GetSessionTokenResponse>
    """

  static func header(_ request: HTTPRequest, _ name: String) -> String? {
    request.headers.first { $0.0.lowercased() == name }?.1
  }

  /// Over long-term keys the code goes to GetSessionToken once; the role is assumed with the
  /// session, without a code, and cached under the AWS CLI's key (SerialNumber included).
  @Test func mfaCodeGoesToAnMFASessionAndIsNeverCached() throws {
    let transport = ScriptedTransport([
      .response(200, Self.sessionAnswer), .response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600))),
    ])
    let config = Self.role + "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
    _ = try resolver(config, transport: transport, mfa: FixedMFACode("123456")).resolve()
    #expect(transport.parameters(0)["Action"] == "GetSessionToken")
    #expect(transport.parameters(0)["SerialNumber"] == "arn:aws:iam::123456789012:mfa/tester")
    #expect(transport.parameters(0)["TokenCode"] == "123456")
    #expect(transport.parameters(0)["DurationSeconds"] == "43200")
    #expect(Self.header(transport.requests[0], "authorization")?.contains("Credential=AKIDBASE/") == true)
    #expect(transport.parameters(1)["Action"] == "AssumeRole")
    #expect(transport.parameters(1)["TokenCode"] == nil && transport.parameters(1)["SerialNumber"] == nil)
    #expect(Self.header(transport.requests[1], "authorization")?.contains("Credential=ASIASESSION/") == true)
    #expect(Self.header(transport.requests[1], "x-amz-security-token") == "session-token")
    let entries = try FileManager.default.contentsOfDirectory(atPath: home.appendingPathComponent("cache").path).sorted()
    #expect(entries.count == 2)
    // botocore's key for the role: json.dumps({"RoleArn", "SerialNumber"}, sort_keys=True).
    #expect(entries.contains("4197972eda14ac51a8d3950c06366e7628f186dc.json"))
    #expect(entries.contains { $0.hasPrefix("rolesh-mfa-session-") })
    for entry in entries {
      let text = try String(contentsOf: home.appendingPathComponent("cache/" + entry), encoding: .utf8)
      #expect(!text.contains("123456\""))
    }
    // A second role behind the same keys and device needs no code and no GetSessionToken.
    let second = ScriptedTransport([.response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600), key: "ASIASECOND"))])
    let other = config + "[profile other]\nrole_arn = arn:aws:iam::123456789012:role/Other\nsource_profile = base\n"
      + "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
    #expect(try resolver(other, transport: second, profile: "other").resolve().accessKeyId == "ASIASECOND")
    #expect(second.requests.count == 1 && second.parameters(0)["Action"] == "AssumeRole")
  }

  @Test(arguments: [
    ("ROLESH_MFA_SESSION", "off", ""), ("", "", "rolesh_mfa_session = false\n"), ("", "", "duration_seconds = 7200\n"),
  ])
  func optedOutAndLongRolesSendTheCodeWithTheAssumeRole(variable: String, value: String, extra: String) throws {
    let transport = ScriptedTransport([.response(200, STSAnswers.assumeRole(expires: Self.now.adding(3600)))])
    let config = Self.role + "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n" + extra
    _ = try resolver(
      config, transport: transport, mfa: FixedMFACode("123456"), environment: variable.isEmpty ? [:] : [variable: value]
    ).resolve()
    #expect(transport.requests.count == 1)
    #expect(transport.parameters(0)["Action"] == "AssumeRole")
    #expect(transport.parameters(0)["SerialNumber"] == "arn:aws:iam::123456789012:mfa/tester")
    #expect(transport.parameters(0)["TokenCode"] == "123456")
  }

  @Test(arguments: [
    ("ROLESH_MFA_SESSION", "maybe", ""), ("ROLESH_MFA_SESSION_DURATION", "60", ""), ("ROLESH_MFA_SESSION_DURATION", "1e5", ""),
    ("", "", "rolesh_mfa_session = sometimes\n"),
  ])
  func badMFASessionSettingsAreConfigurationErrors(variable: String, value: String, extra: String) throws {
    let config = Self.role + "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n" + extra
    #expect(
      exitStatus {
        _ = try resolver(config, transport: ScriptedTransport([]), environment: variable.isEmpty ? [:] : [variable: value]).resolve()
      } == .configuration)
  }

  @Test func promptHookNeverAsksForACode() throws {
    let transport = ScriptedTransport([])
    let config = Self.role + "mfa_serial = arn:aws:iam::123456789012:mfa/tester\n"
    var caught: Error?
    do { _ = try resolver(config, transport: transport).resolve() } catch { caught = error }
    let error = try #require(caught as? CredentialError)
    #expect((error.underlying as? MFAError)?.needsCode == true)
    #expect(transport.requests.isEmpty)
  }
}
