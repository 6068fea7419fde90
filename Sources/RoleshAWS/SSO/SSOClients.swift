import RoleshConfig
import RoleshSupport

/// Where IAM Identity Center's two services answer for a region: the configured endpoints
/// botocore 1.43 honours (`AWS_ENDPOINT_URL_SSO`, `AWS_ENDPOINT_URL_SSO_OIDC`, the `services`
/// section's `sso` / `sso_oidc`, `endpoint_url`), else `portal.sso.<region>` and
/// `oidc.<region>` in the region's partition.
package struct SSOEndpoints: Sendable {
  package var portal: String
  package var oidc: String

  package init(portal: String, oidc: String) {
    self.portal = portal
    self.oidc = oidc
  }

  package static func resolve(region: String, profile: Profile?, config: AWSConfig, environment: Environment) throws
    -> SSOEndpoints
  {
    try ConfiguredEndpoint.checkRegion(region, profile: profile?.name)
    let portal = try ConfiguredEndpoint.url(
      variable: "SSO", servicesKey: "sso", profile: profile, config: config, environment: environment)
    let oidc = try ConfiguredEndpoint.url(
      variable: "SSO_OIDC", servicesKey: "sso_oidc", profile: profile, config: config, environment: environment)
    // FIPS and dual-stack variants, as botocore's clients pick them (its endpoint data, not the
    // rule set, decides in GovCloud: `portal.sso-fips.us-gov-…`).
    let fips = ConfiguredEndpoint.isEnabled("use_fips_endpoint", "AWS_USE_FIPS_ENDPOINT", profile: profile, environment: environment)
    let dualStack = ConfiguredEndpoint.isEnabled(
      "use_dualstack_endpoint", "AWS_USE_DUALSTACK_ENDPOINT", profile: profile, environment: environment)
    let partition = Partition(region: region)
    let suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
    let variant = fips ? "-fips" : ""
    return SSOEndpoints(
      portal: portal ?? "https://portal.sso\(variant).\(region).\(suffix)", oidc: oidc ?? "https://oidc\(variant).\(region).\(suffix)")
  }
}

/// A failure answered by the SSO portal or the OIDC service (rest-json: the error type from
/// `x-amzn-ErrorType` or the body's `__type`/`error`).
package struct SSOServiceError: RoleshError, RetryableFailure, Equatable, Sendable {
  package var code: String
  package var detail: String
  package var operation: String
  package var httpStatus: Int

  package init(code: String, detail: String, operation: String, httpStatus: Int) {
    self.code = code
    self.detail = detail
    self.operation = operation
    self.httpStatus = httpStatus
  }

  /// The token is not (or no longer) accepted: a new login is needed.
  package var isUnauthorized: Bool { httpStatus == 401 || code == "UnauthorizedException" }
  /// The identity may not use that account or role: a permission, not a login, problem.
  package var isForbidden: Bool { httpStatus == 403 || code == "ForbiddenException" || code == "AccessDeniedException" }
  package var isRetryable: Bool {
    httpStatus >= 500 || httpStatus == 429 || code == "TooManyRequestsException" || code == "InternalServerException"
  }

  package var exitStatus: ExitStatus {
    if isUnauthorized || isForbidden { return .permission }
    if isRetryable { return .unavailable }
    return httpStatus >= 400 && httpStatus < 500 ? .configuration : .unavailable
  }

  package var message: String { "IAM Identity Center \(operation) failed (\(code)): \(detail)" }
}

/// JSON over HTTP with botocore's standard retries: the connection of the portal and OIDC
/// clients (their timeouts and sleeps are set here).
package struct RestJSON {
  package var transport: HTTPTransport
  package var baseURL: String
  /// Seconds for one try.
  package var timeout: Double = 30
  package var sleep: (Double) -> Void = MonotonicClock.sleep
  var maxAttempts = 3

  package init(transport: HTTPTransport, baseURL: String) {
    self.transport = transport
    self.baseURL = baseURL
  }

  func call(_ operation: String, method: String, path: String, query: [(String, String)] = [], headers: [(String, String)] = [],
    body: JSON? = nil) throws -> JSON
  {
    var url = baseURL
    while url.hasSuffix("/") { url.removeLast() }
    url += path
    if !query.isEmpty {
      url += "?" + query.map { SigV4Signer.percentEncode($0.0, keeping: "") + "=" + SigV4Signer.percentEncode($0.1, keeping: "") }
        .joined(separator: "&")
    }
    guard ParsedURL(url) != nil else {
      throw ConfigError(.endpointConfig, "the IAM Identity Center endpoint \(baseURL) is not a valid http(s) URL")
    }
    var allHeaders = headers
    var bytes: [UInt8] = []
    if let body {
      bytes = Array(body.serialized(.pythonCompact).utf8)
      allHeaders.append(("Content-Type", "application/json"))
    }
    let request = HTTPRequest(
      method: method, url: url, headers: allHeaders, body: bytes, connectTimeout: min(10, timeout), totalTimeout: timeout)
    return try RetryPolicy.run(maxAttempts: maxAttempts, sleep: sleep) {
      let response = try transport.send(request)
      let json = response.body.isEmpty ? JSON.object([]) : JSON.parse(response.body)
      guard (200..<300).contains(response.status) else { throw Self.error(response, json: json, operation: operation) }
      guard let json else {
        throw SSOServiceError(
          code: "MalformedResponse", detail: "the answer from \(request.hostForMessages) is not JSON", operation: operation,
          httpStatus: response.status)
      }
      return json
    }
  }

  static func error(_ response: HTTPResponse, json: JSON?, operation: String) -> SSOServiceError {
    // botocore: x-amzn-ErrorType, else the body's `__type` / `code`; the part before ':' / after '#'.
    var code = response.headers["x-amzn-errortype"] ?? json?["__type"]?.stringValue ?? json?["code"]?.stringValue ?? ""
    if let colon = code.firstIndex(of: ":") { code = String(code[..<colon]) }
    if let hash = code.lastIndex(of: "#") { code = String(code[code.index(after: hash)...]) }
    if code.isEmpty { code = json?["error"]?.stringValue ?? "HTTP\(response.status)" }
    let detail = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? json?["error_description"]?.stringValue
      ?? "HTTP status \(response.status)"
    return SSOServiceError(code: code, detail: String(detail.prefix(500)), operation: operation, httpStatus: response.status)
  }
}

/// The SSO portal (`sso` 2019-06-10): role credentials, accounts and roles, logout. Calls are
/// authorised by the access token in `x-amz-sso_bearer_token`, not signed.
package struct SSOPortalClient {
  package var rest: RestJSON
  /// Shared by every listing of one run, when set.
  package var budget: CallBudget?

  package init(transport: HTTPTransport, endpoint: String) { rest = RestJSON(transport: transport, baseURL: endpoint) }

  /// GetRoleCredentials: the role's credentials and their expiry in epoch milliseconds.
  package func roleCredentials(accountId: String, roleName: String, accessToken: String) throws
    -> (credentials: AWSCredentials, expirationMilliseconds: Int)
  {
    let json = try rest.call(
      "GetRoleCredentials", method: "GET", path: "/federation/credentials",
      query: [("role_name", roleName), ("account_id", accountId)], headers: [("x-amz-sso_bearer_token", accessToken)])
    guard let role = json["roleCredentials"], let key = role["accessKeyId"]?.stringValue,
      let secret = role["secretAccessKey"]?.stringValue, let token = role["sessionToken"]?.stringValue,
      case .number(let text)? = role["expiration"], let milliseconds = Numbers.integer(text, within: 0...(1 << 52))
    else {
      throw SSOServiceError(
        code: "MalformedResponse", detail: "GetRoleCredentials answered without roleCredentials", operation: "GetRoleCredentials",
        httpStatus: 200)
    }
    let expiration = Timestamp(secondsSinceEpoch: milliseconds / 1000)
    return (
      AWSCredentials(accessKeyId: key, secretAccessKey: secret, sessionToken: token, expiration: expiration, accountId: accountId),
      milliseconds
    )
  }

  /// An account the token may use.
  package struct Account: Equatable, Sendable {
    package var accountId: String
    package var accountName: String
    package var emailAddress: String?
  }

  /// ListAccounts, every page.
  package func accounts(accessToken: String) throws -> [Account] {
    var accounts: [Account] = []
    try paginate("ListAccounts", path: "/assignment/accounts", query: [], accessToken: accessToken) { page in
      guard case .array(let list)? = page["accountList"] else { return }
      for item in list {
        guard let id = item["accountId"]?.stringValue else { continue }
        accounts.append(
          Account(accountId: id, accountName: item["accountName"]?.stringValue ?? id, emailAddress: item["emailAddress"]?.stringValue))
      }
    }
    return accounts
  }

  /// ListAccountRoles, every page: the role names.
  package func roles(accountId: String, accessToken: String) throws -> [String] {
    var roles: [String] = []
    try paginate("ListAccountRoles", path: "/assignment/roles", query: [("account_id", accountId)], accessToken: accessToken) { page in
      guard case .array(let list)? = page["roleList"] else { return }
      roles += list.compactMap { $0["roleName"]?.stringValue }
    }
    return roles
  }

  /// Logout: invalidates the access token.
  package func logout(accessToken: String) throws {
    _ = try rest.call("Logout", method: "POST", path: "/logout", headers: [("x-amz-sso_bearer_token", accessToken)])
  }

  private func paginate(
    _ operation: String, path: String, query: [(String, String)], accessToken: String, page: (JSON) -> Void
  ) throws {
    var next: String?
    var pages = 0
    repeat {
      guard pages < Self.maxPages else {
        throw SSOListingIncomplete(reason: "\(operation)\(Self.describe(query)) answered more than \(Self.maxPages) pages")
      }
      try budget?.spend(operation)
      var parameters = query + [("max_result", "100")]
      if let next { parameters.append(("next_token", next)) }
      let json = try rest.call(operation, method: "GET", path: path, query: parameters, headers: [("x-amz-sso_bearer_token", accessToken)])
      page(json)
      next = json["nextToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
      pages += 1
    } while next != nil
  }

  /// Pages one listing may take (100 items each).
  package static let maxPages = 1000

  private static func describe(_ query: [(String, String)]) -> String {
    guard let account = query.first(where: { $0.0 == "account_id" })?.1 else { return "" }
    return " for account " + TerminalText.sanitized(String(account.prefix(40)), keepNewlines: false)
  }

  /// Bounds every call of one run together (populate lists roles per account: one call per
  /// account and page), in calls and in time.
  package final class CallBudget: @unchecked Sendable {
    package let maxCalls: Int
    package let seconds: Double
    private let deadline: Double
    package private(set) var calls = 0

    package init(maxCalls: Int, seconds: Double) {
      self.maxCalls = maxCalls
      self.seconds = seconds
      deadline = MonotonicClock.seconds() + seconds
    }

    func spend(_ operation: String) throws {
      guard calls < maxCalls else {
        throw SSOListingIncomplete(reason: "the listing needed more than \(maxCalls) calls (stopped before \(operation))")
      }
      guard MonotonicClock.seconds() < deadline else {
        throw SSOListingIncomplete(reason: "the listing took longer than \(Int(seconds)) seconds (stopped before \(operation))")
      }
      calls += 1
    }
  }
}

/// A listing that was cut short: what was found is not the whole answer, so nothing is written
/// as if it were.
package struct SSOListingIncomplete: RoleshError, Sendable {
  package var reason: String

  package init(reason: String) { self.reason = reason }

  package var message: String { "the IAM Identity Center listing is incomplete: \(reason); nothing was written" }
  package var exitStatus: ExitStatus { .unavailable }
}

/// The OIDC service (`sso-oidc` 2019-06-10): client registration, device authorization and
/// tokens. Unsigned JSON POSTs.
package struct SSOOIDCClient {
  package var rest: RestJSON

  package init(transport: HTTPTransport, endpoint: String) { rest = RestJSON(transport: transport, baseURL: endpoint) }

  /// A registered client.
  package struct Registration: Sendable {
    package var clientId: String
    package var clientSecret: String
    /// `clientSecretExpiresAt`.
    package var expiresAt: Timestamp
  }

  /// RegisterClient.
  package func registerClient(
    name: String, scopes: [String]?, grantTypes: [String]? = nil, redirectURIs: [String]? = nil, issuerURL: String? = nil
  ) throws -> Registration {
    var body: [(String, JSON)] = [("clientName", .string(name)), ("clientType", .string("public"))]
    if let scopes { body.append(("scopes", .array(scopes.map(JSON.string)))) }
    if let grantTypes { body.append(("grantTypes", .array(grantTypes.map(JSON.string)))) }
    if let redirectURIs { body.append(("redirectUris", .array(redirectURIs.map(JSON.string)))) }
    if let issuerURL { body.append(("issuerUrl", .string(issuerURL))) }
    let json = try rest.call("RegisterClient", method: "POST", path: "/client/register", body: .object(body))
    guard let id = json["clientId"]?.stringValue, let secret = json["clientSecret"]?.stringValue,
      case .number(let text)? = json["clientSecretExpiresAt"], let seconds = Numbers.integer(text, within: 0...(1 << 40))
    else { throw malformed("RegisterClient") }
    return Registration(clientId: id, clientSecret: secret, expiresAt: Timestamp(secondsSinceEpoch: seconds))
  }

  /// StartDeviceAuthorization's answer.
  package struct DeviceAuthorization: Sendable {
    package var deviceCode: String
    package var userCode: String
    package var verificationURI: String
    package var verificationURIComplete: String
    package var expiresIn: Int
    package var interval: Int?
  }

  package func startDeviceAuthorization(clientId: String, clientSecret: String, startURL: String) throws -> DeviceAuthorization {
    let json = try rest.call(
      "StartDeviceAuthorization", method: "POST", path: "/device_authorization",
      body: .object([("clientId", .string(clientId)), ("clientSecret", .string(clientSecret)), ("startUrl", .string(startURL))]))
    guard let device = json["deviceCode"]?.stringValue, let user = json["userCode"]?.stringValue,
      let uri = json["verificationUri"]?.stringValue, let complete = json["verificationUriComplete"]?.stringValue,
      case .number(let expires)? = json["expiresIn"], let expiresIn = Numbers.integer(expires, within: 1...86400)
    else { throw malformed("StartDeviceAuthorization") }
    var interval: Int?
    if case .number(let text)? = json["interval"] { interval = Numbers.integer(text, within: 1...600) }
    return DeviceAuthorization(
      deviceCode: device, userCode: user, verificationURI: uri, verificationURIComplete: complete, expiresIn: expiresIn,
      interval: interval)
  }

  /// CreateToken's answer.
  package struct Token: Sendable {
    package var accessToken: String
    package var expiresIn: Int
    package var refreshToken: String?
  }

  /// CreateToken with `fields` (grantType, deviceCode / code + redirectUri + codeVerifier /
  /// refreshToken).
  package func createToken(clientId: String, clientSecret: String, fields: [(String, String)]) throws -> Token {
    let body = [("clientId", JSON.string(clientId)), ("clientSecret", .string(clientSecret))] + fields.map { ($0.0, JSON.string($0.1)) }
    let json = try rest.call("CreateToken", method: "POST", path: "/token", body: .object(body))
    guard let access = json["accessToken"]?.stringValue, case .number(let text)? = json["expiresIn"],
      let expiresIn = Numbers.integer(text, within: 1...(400 * 86400))
    else { throw malformed("CreateToken") }
    // The tokens go into request headers and token files: a line break would add headers, a
    // NUL would cut the token short.
    let refresh = json["refreshToken"]?.stringValue
    guard PortalValues.isToken(access), refresh.map(PortalValues.isToken) ?? true else {
      throw SSOServiceError(
        code: "MalformedResponse", detail: "CreateToken answered a token that is empty or holds spaces or control characters",
        operation: "CreateToken", httpStatus: 200)
    }
    return Token(accessToken: access, expiresIn: expiresIn, refreshToken: refresh)
  }

  private func malformed(_ operation: String) -> SSOServiceError {
    SSOServiceError(code: "MalformedResponse", detail: "\(operation) answered without its required fields", operation: operation, httpStatus: 200)
  }
}
