import Foundation
import RoleshTestSupport
import Testing

@testable import RoleshAWS
@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// IAM Identity Center below the process boundary: partitions and endpoints, the token file's
/// forms and keys, botocore's configuration errors, and GetRoleCredentials with token refresh
/// driven through a scripted transport. The end-to-end and AWS CLI v2 checks are in
/// Tests/integration/test_sso.py.
@Suite struct SSOTests {
  static let now = Timestamp(iso8601: "2026-11-29T12:00:00Z")!
  let home: URL

  init() throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("sso-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
  }

  static let config = """
    [sso-session corp]
    sso_start_url = https://corp.awsapps.com/start
    sso_region = eu-west-1

    [profile admin]
    sso_session = corp
    sso_account_id = 123456789012
    sso_role_name = Admin

    """

  func aws(_ text: String) throws -> AWSConfig {
    AWSConfig(config: try INIParser.parse(bytes: Array(text.utf8), path: "/c"), credentials: .empty(path: "/k"))
  }

  var environment: Environment { Environment(["HOME": home.path, "USER": "tester", "AWS_EC2_METADATA_DISABLED": "true"]) }

  func resolver(_ config: String = Self.config, transport: ScriptedTransport, profile: String = "admin") throws -> CredentialResolver {
    let aws = try aws(config)
    let plan = try ProfileResolver(config: aws, environment: environment).resolve(.explicit(profile))
    let cache = CredentialCache(directory: home.path + "/.aws/cli/cache", lockDirectory: home.path + "/locks", warn: { _ in })
    let context = FetchContext(plan: plan, config: aws, environment: environment, cache: cache, mfa: NoPromptMFA()) { transport }
    context.clock = { Self.now }
    context.sleep = { _ in }
    return CredentialResolver(context)
  }

  /// Writes the token file for sso-session `corp` as the AWS CLI v2 does after a login.
  @discardableResult
  func writeToken(expiresIn seconds: Int, refreshable: Bool = true) throws -> String {
    var token = SSOToken(
      startURL: "https://corp.awsapps.com/start", region: "eu-west-1", accessToken: "old-access",
      expiresAt: Self.now.adding(seconds), clientId: "client", clientSecret: "secret",
      registrationExpiresAt: "2027-01-01T00:00:00Z", refreshToken: "old-refresh")
    if !refreshable { token.refreshToken = nil }
    let cache = SSOTokenCache(environment: environment)
    let key = SSOTokenCache.tokenKey(sessionName: "corp", startURL: "https://corp.awsapps.com/start")
    try cache.write(key, token.document)
    return cache.path(key)
  }

  static func roleCredentials(expiresIn seconds: Int = 3600) -> String {
    #"{"roleCredentials":{"accessKeyId":"ASIASSO","secretAccessKey":"s","sessionToken":"t","expiration":"#
      + String((now.secondsSinceEpoch + seconds) * 1000) + "}}"
  }

  static func header(_ request: HTTPRequest, _ name: String) -> String? {
    request.headers.first { $0.0.lowercased() == name }?.1
  }

  // MARK: Partitions and endpoints

  @Test(arguments: [
    ("us-east-1", "amazonaws.com", "api.aws"), ("ap-southeast-7", "amazonaws.com", "api.aws"),
    ("cn-north-1", "amazonaws.com.cn", "api.amazonwebservices.com.cn"), ("us-gov-west-1", "amazonaws.com", "api.aws"),
    ("us-iso-east-1", "c2s.ic.gov", "api.aws.ic.gov"), ("us-isob-east-1", "sc2s.sgov.gov", "api.aws.scloud"),
    ("eu-isoe-west-1", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk"), ("us-isof-south-1", "csp.hci.ic.gov", "api.aws.hci.ic.gov"),
    ("eusc-de-east-1", "amazonaws.eu", "api.amazonwebservices.eu"), ("xx-nowhere-9", "amazonaws.com", "api.aws"),
    ("cn-north", "amazonaws.com", "api.aws"),
  ])
  func partitionsFollowBotocoresRegionPatterns(region: String, suffix: String, dualStack: String) {
    let partition = Partition(region: region)
    #expect(partition.dnsSuffix == suffix)
    #expect(partition.dualStackDnsSuffix == dualStack)
  }

  @Test func endpointsFromVariablesServicesAndVariants() throws {
    let plain = try aws(Self.config)
    func resolve(_ config: AWSConfig, _ env: [String: String] = [:], region: String = "eu-west-1") throws -> SSOEndpoints {
      try SSOEndpoints.resolve(region: region, profile: config.profile("admin"), config: config, environment: Environment(env))
    }
    let standard = try resolve(plain)
    #expect(standard.portal == "https://portal.sso.eu-west-1.amazonaws.com")
    #expect(standard.oidc == "https://oidc.eu-west-1.amazonaws.com")
    #expect(try resolve(plain, region: "cn-north-1").portal == "https://portal.sso.cn-north-1.amazonaws.com.cn")
    let overridden = try resolve(plain, ["AWS_ENDPOINT_URL_SSO": "http://127.0.0.1:1", "AWS_ENDPOINT_URL": "http://127.0.0.1:2"])
    #expect(overridden.portal == "http://127.0.0.1:1" && overridden.oidc == "http://127.0.0.1:2")
    let services = try aws(
      Self.config + "services = local\n[services local]\nsso_oidc =\n  endpoint_url = http://127.0.0.1:3\n")
    #expect(try resolve(services).oidc == "http://127.0.0.1:3")
    #expect(try resolve(services).portal == "https://portal.sso.eu-west-1.amazonaws.com")
    #expect(try resolve(services, ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]).oidc == "https://oidc.eu-west-1.amazonaws.com")
    let fips = try resolve(plain, ["AWS_USE_FIPS_ENDPOINT": "true", "AWS_USE_DUALSTACK_ENDPOINT": "true"])
    #expect(fips.portal == "https://portal.sso-fips.eu-west-1.api.aws" && fips.oidc == "https://oidc-fips.eu-west-1.api.aws")
    #expect(throws: ConfigError.self) { try resolve(plain, region: "eu_west_1") }
  }

  // MARK: Token files

  @Test(arguments: [
    "2026-11-29T13:00:00Z", "2026-11-29T13:00:00UTC", "2026-11-29T13:00:00+00:00", "2026-11-29T13:00:00.123456Z",
    "2026-11-29T13:00:00.5+00:00",
  ])
  func tokenTimesInEveryZonedForm(form: String) throws {
    let token = try #require(JSON.parse(#"{"accessToken":"a","expiresAt":"\#(form)"}"#).flatMap(SSOToken.decode))
    #expect(token.expiresAt.seconds(after: Self.now) == 3600)
  }

  @Test func tokenDocumentKeepsTheCLIsKeyOrderAndRefreshRules() throws {
    let token = SSOToken(
      startURL: "u", region: "r", accessToken: "a", expiresAt: Self.now, clientId: "c", clientSecret: "s",
      registrationExpiresAt: "2026-11-29T12:00:01Z", refreshToken: "t")
    guard case .object(let fields) = token.document else { Issue.record("not an object"); return }
    let keys = fields.map(\.0)
    #expect(keys == ["startUrl", "region", "accessToken", "expiresAt", "clientId", "clientSecret", "registrationExpiresAt", "refreshToken"])
    #expect(token.isRefreshable(at: Self.now))
    #expect(!token.isRefreshable(at: Self.now.adding(1)))  // the registration has expired
    var withoutRefresh = token
    withoutRefresh.refreshToken = nil
    #expect(!withoutRefresh.isRefreshable(at: Self.now))
    #expect(JSON.parse(#"{"accessToken":"a"}"#).flatMap(SSOToken.decode) == nil)
  }

  /// Known answers computed with botocore (`hashlib.sha1(b"corp")`, and the registration key
  /// from `json.dumps(args, sort_keys=True)` with Python's default separators).
  @Test func cacheKeysAreTheCLIsKeys() {
    #expect(SSOTokenCache.tokenKey(sessionName: "corp", startURL: "x").fileName == "ee0bfd2552fbd840c02cc48b6e823320543c450f.json")
    #expect(
      SSOTokenCache.tokenKey(sessionName: nil, startURL: "https://a/start").fileName == "56344660b96ed294388eaceb82964c553f25f3c7.json")
    let registration = SSOTokenCache.registrationKey(
      startURL: "https://corp.awsapps.com/start", region: "eu-west-1", scopes: ["sso:account:access"], sessionName: "corp")
    #expect(registration.fileName == "787ef34d0a944c01385765faa28b5e67d1c08f33.json")
  }

  /// The role-credential cache file of profile `admin` (botocore's compact sorted JSON key).
  static let credentialsFile = "8457bc68cf9d4aa8d629a61563948e8bd3159d49.json"

  // MARK: Configuration errors (botocore's messages and order)

  @Test(arguments: [
    ("[profile p]\nsso_account_id = 1\n", ConfigError.Code.ssoMissingConfig, "missing required configuration: sso_role_name, sso_start_url, sso_region"),
    ("[profile p]\nsso_session = ghost\nsso_account_id = 1\nsso_role_name = R\n", .ssoSessionMissing, "sso-session does not exist: \"ghost\""),
    (
      "[sso-session s]\nsso_start_url = https://a\nsso_region = us-east-1\n[profile p]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\nsso_region = eu-west-1\n",
      .ssoInconsistent, "The value for sso_region is inconsistent between profile (eu-west-1) and sso-session (us-east-1)."
    ),
    ("[sso-session s]\nsso_region = us-east-1\n[profile p]\nsso_session = s\nsso_account_id = 1\nsso_role_name = R\n", .ssoMissingConfig, "missing required configuration: sso_start_url"),
    ("[profile p]\nsso_session =\n  a = b\nsso_account_id = 1\n", .configParse, "sso_session of profile p is a nested block"),
    ("[profile p]\nlogin_session = arn:aws:iam::1:user/a\n", .loginSessionUnsupported, "login_session"),
  ])
  func configurationErrors(config: String, code: ConfigError.Code, message: String) throws {
    var caught: ConfigError?
    do { _ = try ProfileResolver(config: aws(config), environment: environment).resolve(.explicit("p")) } catch let error as ConfigError {
      caught = error
    }
    let error = try #require(caught)
    #expect(error.code == code)
    #expect(error.message.contains(message))
    #expect(error.profile == "p")
    #expect(error.location?.line != nil)
  }

  // MARK: Fetching

  @Test func roleCredentialsWithAValidTokenAreFetchedAndCachedInTheCLIFormat() throws {
    try writeToken(expiresIn: 3600)
    let transport = ScriptedTransport([.response(200, Self.roleCredentials())])
    let credentials = try resolver(transport: transport).resolve()
    #expect(credentials.accessKeyId == "ASIASSO")
    let request = try #require(transport.requests.first)
    #expect(request.method == "GET")
    #expect(request.url == "https://portal.sso.eu-west-1.amazonaws.com/federation/credentials?role_name=Admin&account_id=123456789012")
    #expect(Self.header(request, "x-amz-sso_bearer_token") == "old-access")
    #expect(Self.header(request, "authorization") == nil)  // not signed
    let text = try String(contentsOfFile: home.path + "/.aws/cli/cache/" + Self.credentialsFile, encoding: .utf8)
    #expect(text.hasPrefix(#"{"ProviderType": "sso", "Credentials": {"AccessKeyId": "ASIASSO""#))
    #expect(text.contains(#""Expiration": "2026-11-29T13:00:00Z", "AccountId": "123456789012"}"#))
    // Served from the cache the second time: nothing left to answer.
    #expect(try resolver(transport: ScriptedTransport([])).resolve().accessKeyId == "ASIASSO")
  }

  @Test func aTokenInsideTheWindowIsRefreshedOnceAndRewritten() throws {
    let path = try writeToken(expiresIn: 600)
    let transport = ScriptedTransport([
      .response(200, #"{"accessToken":"new-access","tokenType":"Bearer","expiresIn":28800,"refreshToken":"new-refresh"}"#),
      .response(200, Self.roleCredentials()),
    ])
    _ = try resolver(transport: transport).resolve()
    #expect(transport.requests[0].url == "https://oidc.eu-west-1.amazonaws.com/token")
    let sent = try #require(JSON.parse(transport.requests[0].body))
    #expect(sent["grantType"]?.stringValue == "refresh_token" && sent["refreshToken"]?.stringValue == "old-refresh")
    #expect(Self.header(transport.requests[1], "x-amz-sso_bearer_token") == "new-access")
    let written = try #require(JSON.parse(String(contentsOfFile: path, encoding: .utf8)).flatMap(SSOToken.decode))
    #expect(written.accessToken == "new-access" && written.refreshToken == "new-refresh")
    #expect(written.expiresAt == Self.now.adding(28800))
    #expect(written.registrationExpiresAt == "2027-01-01T00:00:00Z")
    let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    #expect(mode == 0o600)
  }

  @Test func aFailedRefreshKeepsAStillValidToken() throws {
    try writeToken(expiresIn: 600)
    let transport = ScriptedTransport([
      .response(400, #"{"error":"invalid_grant","error_description":"no"}"#), .response(200, Self.roleCredentials()),
    ])
    #expect(try resolver(transport: transport).resolve().accessKeyId == "ASIASSO")
    #expect(Self.header(transport.requests[1], "x-amz-sso_bearer_token") == "old-access")
  }

  /// The login a resolution asks for, or nil when it failed otherwise (or succeeded).
  func loginRequired(_ transport: ScriptedTransport) throws -> (SSOLoginRequired, CredentialError)? {
    do {
      _ = try resolver(transport: transport).resolve()
    } catch let error as CredentialError {
      return (error.underlying as? SSOLoginRequired).map { ($0, error) }
    }
    return nil
  }

  @Test func expiredUnrefreshableAndRefusedTokensNeedALogin() throws {
    #expect(try loginRequired(ScriptedTransport([])) != nil)  // no token
    try writeToken(expiresIn: -60, refreshable: false)
    let none = ScriptedTransport([])
    #expect(try loginRequired(none) != nil)
    #expect(none.requests.isEmpty)
    try writeToken(expiresIn: 3600)
    let refused = ScriptedTransport([.response(401, #"{"message":"Session token not found or invalid"}"#)])
    let (login, error) = try #require(try loginRequired(refused))
    #expect(error.exitStatus == .permission)
    #expect(error.pendingRemedy == "needs an IAM Identity Center login: run `rolesh sso login --sso-session corp`")
    #expect(login.message.hasSuffix("run `rolesh sso login --sso-session corp`"))
    #expect(!error.message.contains("old-access"))
  }
}
