import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh console`: a federation sign-in URL for a set of credentials
/// (identity-center-and-beyond.md §3). The URL is a bearer secret for 15 minutes: it goes to
/// the browser or stdout, never into a message.
package struct ConsoleSignIn {
  package var environment: Environment
  package var transport: HTTPTransport
  /// Seconds allowed for the getSigninToken call.
  package var timeout: Double = 30

  package init(environment: Environment, transport: HTTPTransport) {
    self.environment = environment
    self.transport = transport
  }

  /// What the federation endpoint accepts, by where the credentials came from.
  package enum Credentials {
    /// Role (or federated-user) session credentials, sent as they are. `durationAllowed`:
    /// AWS accepts `SessionDuration` only for roles assumed directly from long-term keys or a
    /// web identity.
    case session(AWSCredentials, durationAllowed: Bool)
    /// An IAM user's long-term keys: exchanged for GetFederationToken credentials first.
    case longTerm(AWSCredentials)
  }

  /// Classifies resolved credentials: from the plan when its last step says (a role, SSO, a
  /// container or instance role), else by asking STS who they belong to.
  package static func classify(
    _ credentials: AWSCredentials, plan: ResolutionPlan?, config: AWSConfig?, callerArn: () throws -> String
  ) throws -> Credentials {
    if let plan, let last = plan.steps.last {
      switch last {
      case let role as AssumeRoleStep:
        let source = plan.steps.count >= 2 ? plan.steps[plan.steps.count - 2] : nil
        let direct = !role.viaMFASession && isLongTerm(source, config: config)
        return .session(credentials, durationAllowed: direct)
      case is WebIdentityStep: return .session(credentials, durationAllowed: true)
      case is SSOStep: return .session(credentials, durationAllowed: false)
      case let source as CredentialSourceStep where source.source != .environment:
        return .session(credentials, durationAllowed: false)
      default: break
      }
    }
    let arn = try callerArn()
    if arn.contains(":assumed-role/") || arn.contains(":federated-user/") {
      return .session(credentials, durationAllowed: false)
    }
    guard credentials.sessionToken == nil else {
      throw GeneralError(
        "these are GetSessionToken credentials of \(arn): AWS accepts them neither for a console sign-in nor for GetFederationToken; use a role profile, or the user's long-term keys",
        status: .permission)
    }
    return .longTerm(credentials)
  }

  /// Whether `step` reads static keys without a session token (an IAM user's own).
  static func isLongTerm(_ step: (any ResolutionStep)?, config: AWSConfig?) -> Bool {
    guard let keys = step as? StaticKeysStep, let config else { return false }
    return keys.longTermKeyId(in: config) != nil
  }

  /// The sign-in URL for `destination`.
  package func url(
    for credentials: Credentials, region: String, destination: String, duration: Int?, sts: () throws -> STSClient,
    callerArn: () throws -> String
  ) throws -> String {
    let endpoint = try Self.federationEndpoint(region: region, environment: environment)
    var session: AWSCredentials
    var sessionDuration: Int?
    switch credentials {
    case .session(let given, let durationAllowed):
      session = given
      if let duration {
        guard durationAllowed else {
          throw GeneralError(
            "--duration applies only to roles assumed directly from long-term keys or a web identity (AWS refuses SessionDuration for chained roles, SSO and federation tokens)",
            status: .usage)
        }
        sessionDuration = duration
      }
    case .longTerm(let keys):
      if duration != nil {
        throw GeneralError("--duration does not apply to an IAM user's keys (GetFederationToken sessions last their own 12 hours)", status: .usage)
      }
      session = try federationToken(keys, name: Self.federationName(arn: try callerArn()), sts: sts())
    }
    guard let token = session.sessionToken else {
      throw GeneralError("these credentials have no session token; the console needs session credentials", status: .failure)
    }
    let signinToken = try signinToken(endpoint: endpoint, session: session, token: token, duration: sessionDuration)
    return endpoint + "?" + FormEncoding.encode([
      ("Action", "login"), ("Issuer", "rolesh"), ("Destination", destination), ("SigninToken", signinToken),
    ])
  }

  /// GetFederationToken with an allow-all inline policy (the session gets the user's own
  /// permissions, no more).
  func federationToken(_ keys: AWSCredentials, name: String, sts: STSClient) throws -> AWSCredentials {
    let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    do {
      return try sts.getFederationToken([("Name", name), ("Policy", policy)], source: keys).credentials
    } catch let error as STSError where error.exitStatus == .permission {
      throw GeneralError(
        "STS refused GetFederationToken (\(error.code)): an IAM user reaches the console through it, and it cannot carry an MFA code — under a policy that requires MFA this is impossible; use a role profile instead",
        status: .permission)
    }
  }

  /// getSigninToken: the session as strict JSON, answered with `{"SigninToken": …}`.
  func signinToken(endpoint: String, session: AWSCredentials, token: String, duration: Int?) throws -> String {
    let document = JSON.object([
      ("sessionId", .string(session.accessKeyId)), ("sessionKey", .string(session.secretAccessKey)),
      ("sessionToken", .string(token)),
    ]).serialized(.pythonCompact)
    var query: [(String, String)] = [("Action", "getSigninToken")]
    if let duration { query.append(("SessionDuration", String(duration))) }
    query.append(("Session", document))
    let request = HTTPRequest(
      method: "GET", url: endpoint + "?" + FormEncoding.encode(query), connectTimeout: min(10, timeout), totalTimeout: timeout)
    let response = try transport.send(request)
    // The answer holds a bearer token: its body never goes into a message.
    guard response.status == 200 else {
      throw GeneralError(
        "the federation endpoint \(request.hostForMessages) refused the sign-in (HTTP \(response.status))",
        status: response.status >= 500 ? .unavailable : .permission)
    }
    guard let answer = JSON.parse(response.body), let signin = answer["SigninToken"]?.stringValue, !signin.isEmpty else {
      throw GeneralError("the federation endpoint \(request.hostForMessages) did not answer with a SigninToken", status: .unavailable)
    }
    return signin
  }

  /// `ROLESH_FEDERATION_URL`, else the partition's sign-in host.
  package static func federationEndpoint(region: String, environment: Environment) throws -> String {
    if let url = environment.nonEmpty("ROLESH_FEDERATION_URL") {
      guard ParsedURL(url) != nil else {
        throw SettingError(variable: "ROLESH_FEDERATION_URL", value: url, expected: "an http(s) URL")
      }
      return url
    }
    guard let host = consoleHosts(region)?.signin else {
      throw GeneralError(
        "no console sign-in endpoint is known for region \(region)'s partition; set ROLESH_FEDERATION_URL", status: .configuration)
    }
    return "https://\(host)/federation"
  }

  /// The console's front page, or a service's, in `region`.
  package static func destination(region: String, service: String?) throws -> String {
    guard let host = consoleHosts(region)?.console else {
      throw GeneralError("no console is known for region \(region)'s partition; give --destination", status: .configuration)
    }
    return "https://\(host)/\(service ?? "console")/home?region=\(region)"
  }

  /// Sign-in and console hosts of the partitions that have a public console.
  static func consoleHosts(_ region: String) -> (signin: String, console: String)? {
    switch Partition(region: region).id {
    case "aws": return ("signin.aws.amazon.com", "console.aws.amazon.com")
    case "aws-cn": return ("signin.amazonaws.cn", "console.amazonaws.cn")
    case "aws-us-gov": return ("signin.amazonaws-us-gov.com", "console.amazonaws-us-gov.com")
    default: return nil
    }
  }

  /// GetFederationToken's `Name`: the IAM user's name (the ARN's last part), in the characters
  /// STS allows, 2 to 32 of them.
  static func federationName(arn: String) -> String {
    let last = arn.split(separator: "/").last.map(String.init) ?? arn
    let base = last.hasPrefix("arn:") ? "root" : last
    var name = String(base.unicodeScalars.filter { scalar in
      scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || "+=,.@_-".unicodeScalars.contains(scalar))
    }.map(Character.init).prefix(32))
    if name.count < 2 { name = "rolesh" }
    return name
  }
}
