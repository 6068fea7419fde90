#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh sso login`: the AWS CLI v2's two login flows, writing the same files it writes.
///
/// - Authorization code with PKCE (the default for sso-session profiles): a client registered
///   for `authorization_code`, a callback server on 127.0.0.1 only (random port, 10 minutes),
///   S256 challenge, the `state` checked, the code exchanged once.
/// - Device code (legacy profiles, or `--use-device-code`): the user code shown, CreateToken
///   polled at the service's interval (+5 s on SlowDown) until the authorization expires.
///
/// Client registrations are cached and reused as the CLI reuses them (same key, not within 15
/// minutes of their expiry, and only by the flow they were registered for).
package struct SSOLogin {
  package var runtime: Runtime
  package var config: AWSConfig
  /// The profile whose endpoint settings apply (the selected one, if it exists).
  package var profile: Profile?
  package var openBrowser = true
  package var useDeviceCode = false
  /// Seconds the browser sign-in may take (the AWS CLI's 10 minutes; `ROLESH_SSO_LOGIN_TIMEOUT`).
  package var signInTimeout: Double = 600

  package init(runtime: Runtime, config: AWSConfig, profile: Profile?) {
    self.runtime = runtime
    self.config = config
    self.profile = profile
  }

  var environment: Environment { runtime.environment }
  var say: (String) -> Void { runtime.warn }
  var clock: () -> Timestamp { runtime.clock }
  var sleep: (Double) -> Void { runtime.sleep }

  private func oidc(_ session: SSOSession) throws -> SSOOIDCClient {
    let endpoints = try SSOEndpoints.resolve(region: session.region, profile: profile, config: config, environment: environment)
    return try runtime.ssoClients(endpoints).oidc
  }

  /// Logs in and writes the token file; returns its path.
  @discardableResult
  package func run(_ session: SSOSession) throws -> String {
    let client = try oidc(session)
    let pkce = session.sessionName != nil && !useDeviceCode
    let token: SSOToken
    if pkce {
      token = try authorizationCode(session, client)
    } else {
      token = try deviceCode(session, client)
    }
    let cache = SSOTokenCache(environment: environment)
    try cache.withLock(session.tokenKey) { try cache.write(session.tokenKey, token.document) }
    say("Successfully logged into Start URL: \(session.startURL)")
    return cache.path(session.tokenKey)
  }

  // MARK: Registration

  /// A cached or new client registration for the flow.
  private func registration(_ session: SSOSession, _ client: SSOOIDCClient, forAuthorizationCode: Bool) throws
    -> (clientId: String, clientSecret: String, expiresAt: String)
  {
    let cache = SSOTokenCache(environment: environment)
    let key = SSOTokenCache.registrationKey(
      startURL: session.startURL, region: session.region, scopes: session.registrationScopes, sessionName: session.sessionName)
    if let cached = cache.document(key), let id = cached["clientId"]?.stringValue, let secret = cached["clientSecret"]?.stringValue,
      let expiresText = cached["expiresAt"]?.stringValue, let expires = Timestamp(iso8601: expiresText),
      expires.seconds(after: clock()) >= 15 * 60
    {
      let grants = cached["grantTypes"].flatMap { value -> [String]? in
        guard case .array(let items) = value else { return nil }
        return items.compactMap(\.stringValue)
      } ?? []
      // A registration serves the flow it was made for only.
      if grants.contains("authorization_code") == forAuthorizationCode {
        return (id, secret, expiresText)
      }
    }
    let grantTypes = forAuthorizationCode ? ["authorization_code", "refresh_token"] : nil
    let scopes = forAuthorizationCode ? (session.registrationScopes ?? ["sso:account:access"]) : session.registrationScopes
    let name = "botocore-client-\(session.sessionName ?? String(clock().secondsSinceEpoch))"
    let registered = try client.registerClient(
      name: name, scopes: scopes, grantTypes: grantTypes,
      redirectURIs: forAuthorizationCode ? ["http://127.0.0.1/oauth/callback"] : nil,
      issuerURL: forAuthorizationCode ? session.startURL : nil)
    var document: [(String, JSON)] = [
      ("clientId", .string(registered.clientId)), ("clientSecret", .string(registered.clientSecret)),
      ("expiresAt", .string(registered.expiresAt.description)),
    ]
    if let scopes { document.append(("scopes", .array(scopes.map(JSON.string)))) }
    if let grantTypes { document.append(("grantTypes", .array(grantTypes.map(JSON.string)))) }
    try cache.write(key, .object(document))
    return (registered.clientId, registered.clientSecret, registered.expiresAt.description)
  }

  private func token(
    _ session: SSOSession, _ answer: SSOOIDCClient.Token, registration: (clientId: String, clientSecret: String, expiresAt: String)
  ) -> SSOToken {
    SSOToken(
      startURL: session.startURL, region: session.region, accessToken: answer.accessToken,
      expiresAt: clock().adding(answer.expiresIn), clientId: registration.clientId, clientSecret: registration.clientSecret,
      registrationExpiresAt: registration.expiresAt, refreshToken: answer.refreshToken)
  }

  // MARK: Device code

  private func deviceCode(_ session: SSOSession, _ client: SSOOIDCClient) throws -> SSOToken {
    let registration = try registration(session, client, forAuthorizationCode: false)
    let authorization = try client.startDeviceAuthorization(
      clientId: registration.clientId, clientSecret: registration.clientSecret, startURL: session.startURL)
    let deadline = MonotonicClock.seconds() + Double(authorization.expiresIn)
    var interval = Double(authorization.interval ?? 5)
    var announced = false
    while true {
      do {
        let answer = try client.createToken(
          clientId: registration.clientId, clientSecret: registration.clientSecret,
          fields: [("grantType", "urn:ietf:params:oauth:grant-type:device_code"), ("deviceCode", authorization.deviceCode)])
        return token(session, answer, registration: registration)
      } catch let error as SSOServiceError where error.code == "AuthorizationPendingException" || error.code == "SlowDownException" {
        if error.code == "SlowDownException" { interval += 5 }
      } catch let error as SSOServiceError where error.code == "ExpiredTokenException" {
        throw GeneralError("the device authorization expired before it was approved; run the login again", status: .permission)
      }
      if !announced {
        // One immediate attempt first: a pre-authorized client needs no message.
        announced = true
        showDeviceInstructions(authorization)
      }
      guard MonotonicClock.seconds() + interval < deadline else {
        throw GeneralError("the device authorization expired before it was approved; run the login again", status: .permission)
      }
      sleep(interval)
    }
  }

  /// The portal's URLs and code are shown escaped (they are the server's text) and opened only
  /// when `Browser.isOpenable` allows it.
  private func showDeviceInstructions(_ authorization: SSOOIDCClient.DeviceAuthorization) {
    let uri = TerminalText.sanitized(authorization.verificationURI, keepNewlines: false)
    let complete = TerminalText.sanitized(authorization.verificationURIComplete, keepNewlines: false)
    let code = TerminalText.sanitized(authorization.userCode, keepNewlines: false)
    if openBrowser && Browser.isOpenable(authorization.verificationURIComplete) {
      say(
        "Attempting to automatically open the SSO authorization page in your default browser.\nIf the browser does not open or you wish to use a different device to authorize this request, open the following URL:\n\n\(uri)\n\nThen enter the code:\n\n\(code)")
      _ = try? Browser(environment: environment).start(authorization.verificationURIComplete)
    } else {
      if openBrowser {
        say("rolesh: not opening the portal's verification URL in a browser: it is not an https URL")
      }
      say(
        "Browser will not be automatically opened.\nPlease visit the following URL:\n\n\(uri)\n\nThen enter the code:\n\n\(code)\n\nAlternatively, you may visit the following URL which will autofill the code upon loading:\n\(complete)")
    }
  }

  // MARK: Authorization code with PKCE

  private func authorizationCode(_ session: SSOSession, _ client: SSOOIDCClient) throws -> SSOToken {
    let registration = try registration(session, client, forAuthorizationCode: true)
    let server = try LoopbackServer()
    let redirect = "http://127.0.0.1:\(server.port)/oauth/callback"
    let verifier = PKCE.verifier()
    let state = PKCE.uuid()
    let scopes = session.registrationScopes ?? ["sso:account:access"]
    var base = client.rest.baseURL
    while base.hasSuffix("/") { base.removeLast() }
    let url = base + "/authorize?" + FormEncoding.encode([
      ("response_type", "code"), ("client_id", registration.clientId), ("redirect_uri", redirect), ("state", state),
      ("code_challenge_method", "S256"), ("scopes", scopes.joined(separator: " ")), ("code_challenge", PKCE.challenge(verifier)),
    ])
    var browser: pid_t?
    if openBrowser {
      say(
        "Attempting to automatically open the SSO authorization page in your default browser.\nIf the browser does not open, open the following URL in a browser on this machine (the sign-in returns to 127.0.0.1 here, so another device cannot complete it; `rolesh sso login --use-device-code` can):\n\n\(url)")
      browser = try? Browser(environment: environment).start(url)
    } else {
      say("Browser will not be automatically opened.\nPlease visit the following URL:\n\n\(url)")
    }
    defer {
      if let browser, Subprocess.exitStatus(of: browser, waitingUpTo: 5) == nil { kill(browser, SIGTERM) }
    }
    // Any local process can reach the callback: a request without this login's `state` is
    // answered and ignored, and the real one is still waited for, until the deadline.
    let limit = try environment.seconds("ROLESH_SSO_LOGIN_TIMEOUT", default: signInTimeout, within: 1...86_400)
    let deadline = MonotonicClock.seconds() + limit
    while MonotonicClock.seconds() < deadline {
      guard let (request, connection) = server.next(timeout: min(10, deadline - MonotonicClock.seconds())) else { continue }
      guard request.method == "GET", request.path == "/oauth/callback" else {
        LoopbackServer.respond(connection, status: 404, body: "not found\n")
        continue
      }
      guard let returned = request.parameter("state"), Digest.constantTimeEqual(returned, state) else {
        LoopbackServer.respond(connection, status: 400, body: "state mismatch\n")
        say("rolesh: ignored a sign-in callback that did not carry this login's state (still waiting for the browser)")
        continue
      }
      if let error = request.parameter("error") {
        LoopbackServer.respond(connection, status: 400, body: "The login was not completed. You can close this window.\n")
        throw GeneralError(
          "the sign-in was refused (\(TerminalText.sanitized(String(error.prefix(100)), keepNewlines: false))); run the login again",
          status: .permission)
      }
      guard let code = request.parameter("code") else {
        LoopbackServer.respond(connection, status: 400, body: "missing code\n")
        continue
      }
      LoopbackServer.respond(
        connection, status: 200, contentType: "text/html; charset=utf-8",
        body: "<html><body><p>rolesh: signed in. You can close this window and return to the terminal.</p></body></html>\n")
      let answer = try client.createToken(
        clientId: registration.clientId, clientSecret: registration.clientSecret,
        fields: [("grantType", "authorization_code"), ("code", code), ("redirectUri", redirect), ("codeVerifier", verifier)])
      return token(session, answer, registration: registration)
    }
    throw GeneralError(
      "no sign-in arrived within \(Self.duration(limit)); run the login again", status: .permission)
  }

  static func duration(_ seconds: Double) -> String {
    seconds >= 60 && seconds.truncatingRemainder(dividingBy: 60) == 0 ? "\(Int(seconds / 60)) minutes" : "\(Int(seconds.rounded(.up))) seconds"
  }
}
