import RoleshSupport

/// The AWS federation endpoint (`https://signin.aws.amazon.com/federation`): session
/// credentials in, a sign-in token out, and the console URL that spends it. The token and the
/// URL are bearer secrets for 15 minutes: their text never goes into a message.
package struct FederationEndpoint {
  package var transport: HTTPTransport
  /// The endpoint's URL (`…/federation`).
  package var url: String
  /// Seconds allowed for the getSigninToken call.
  package var timeout: Double = 30

  package init(transport: HTTPTransport, url: String) {
    self.transport = transport
    self.url = url
  }

  /// `ROLESH_FEDERATION_URL`, else the sign-in host of `region`'s partition.
  package static func url(region: String, environment: Environment) throws -> String {
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

  /// getSigninToken: the session as strict JSON, answered with `{"SigninToken": …}`.
  /// `duration` is `SessionDuration` (AWS accepts it only for some sessions).
  package func signinToken(for session: AWSCredentials, duration: Int?) throws -> String {
    guard let token = session.sessionToken else {
      throw GeneralError("these credentials have no session token; the console needs session credentials", status: .failure)
    }
    let document = JSON.object([
      ("sessionId", .string(session.accessKeyId)), ("sessionKey", .string(session.secretAccessKey)), ("sessionToken", .string(token)),
    ]).serialized(.pythonCompact)
    var query: [(String, String)] = [("Action", "getSigninToken")]
    if let duration { query.append(("SessionDuration", String(duration))) }
    query.append(("Session", document))
    let request = HTTPRequest(
      method: "GET", url: url + "?" + FormEncoding.encode(query), connectTimeout: min(10, timeout), totalTimeout: timeout)
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

  /// The URL that signs the browser in and opens `destination`.
  package func loginURL(signinToken: String, destination: String) -> String {
    url + "?" + FormEncoding.encode([("Action", "login"), ("Issuer", "rolesh"), ("Destination", destination), ("SigninToken", signinToken)])
  }

  /// GetFederationToken's `Name`: the IAM user's name (the ARN's last part), in the characters
  /// STS allows, 2 to 32 of them.
  package static func federationName(arn: String) -> String {
    let last = arn.split(separator: "/").last.map(String.init) ?? arn
    let base = last.hasPrefix("arn:") ? "root" : last
    var name = String(
      base.unicodeScalars.filter { scalar in
        scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
          || "+=,.@_-".unicodeScalars.contains(scalar))
      }.map(Character.init).prefix(32))
    if name.count < 2 { name = "rolesh" }
    return name
  }
}
