import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `AssumeRoleWithWebIdentityProvider`: a token file and a role, from
/// the profile or (for a profile not named explicitly) `AWS_WEB_IDENTITY_TOKEN_FILE`,
/// `AWS_ROLE_ARN` and `AWS_ROLE_SESSION_NAME`, each setting separately.
package struct WebIdentityProvider: CredentialProvider {
  package var listKind: String { "web-identity" }
  package var cachesCredentials: Bool { true }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool {
    profile["web_identity_token_file"]?.isTruthy == true
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    try Self.plan(profile, name: profile.name, &planner)
  }

  /// The environment form alone, for a `default` profile that does not exist.
  static func planFromEnvironment(name: String, _ planner: inout ProfilePlanner) throws -> Bool {
    try plan(nil, name: name, &planner)
  }

  private static func plan(_ profile: Profile?, name: String, _ planner: inout ProfilePlanner) throws -> Bool {
    let environment = planner.environment
    let useEnvironment = planner.allowsEnvironment
    func setting(_ key: String, _ variable: String) -> (INIValue, SourceLocation?)? {
      if useEnvironment, let value = environment[variable] { return (.text(value), nil) }
      guard let profile, let entry = profile.entries[key] else { return nil }
      return (entry.value, entry.location)
    }
    guard let (tokenFile, tokenLocation) = setting("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE"),
      tokenFile.isTruthy
    else { return false }
    guard let (roleArn, _) = setting("role_arn", "AWS_ROLE_ARN"), roleArn.isTruthy else {
      throw planner.fail(
        .webIdentityNoRole,
        "profile \(name) (or the environment) is configured to assume a role with web identity but has no role ARN: set role_arn in the profile or AWS_ROLE_ARN",
        at: tokenLocation)
    }
    let configured = setting("role_session_name", "AWS_ROLE_SESSION_NAME")
    let configuredOrigin: SessionNameOrigin = configured != nil && configured?.1 == nil ? .environment : .config
    let session = try planner.sessionName(configured: configured?.0, origin: configuredOrigin, profile: profile, roleArn: roleArn)
    // botocore's key: the call's arguments without the token; a generated name is left out.
    var arguments: [(String, JSON)] = [("RoleArn", JSON(roleArn))]
    if session.origin.isInCacheKey { arguments.append(("RoleSessionName", JSON(session.name))) }
    planner.steps.append(
      WebIdentityStep(
        profile: name, roleArn: roleArn, tokenFile: tokenFile, sessionName: session.name, sessionNameOrigin: session.origin,
        cacheKey: CacheKey(document: .object(arguments)), location: tokenLocation, fromEnvironment: tokenLocation == nil))
    return true
  }
}

/// An AssumeRoleWithWebIdentity call, cached under botocore's key.
package struct WebIdentityStep: ResolutionStep, Equatable {
  package var profile: String
  package var roleArn: INIValue
  /// The token file path, used exactly as configured (no `~` expansion, as in botocore).
  package var tokenFile: INIValue
  package var sessionName: INIValue
  package var sessionNameOrigin: SessionNameOrigin
  package var cacheKey: CacheKey?
  /// Where the token file was configured; `nil` when it came from the environment.
  package var location: SourceLocation?
  /// True when the settings came from `AWS_ROLE_ARN` / `AWS_WEB_IDENTITY_TOKEN_FILE`.
  package var fromEnvironment: Bool

  package var kind: String { "web-identity" }
  package var jsonFields: [(String, JSON)] {
    [
      ("role_arn", JSON(roleArn)), ("token_file", JSON(tokenFile)), ("cache_file", .optional(cacheKey?.fileName)),
      ("session_name", JSON(sessionName)), ("session_name_origin", .string(sessionNameOrigin.schemaValue)),
    ]
  }
  package var callsSTS: Bool { true }
  package var action: String { "assuming \(roleArn.displayText) with web identity (profile \(profile))" }
  package var cacheSubject: String? { roleArn.displayText }
  package var target: StepTarget? { StepTarget(roleArn: roleArn.displayText) }
  package func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession? {
    SignInSession(durationAllowed: true)
  }

  package func explain(_ context: StepReportContext) -> [String] {
    let origin = fromEnvironment ? "AWS_WEB_IDENTITY_TOKEN_FILE" : location.map(\.description) ?? ""
    var lines = [
      "assume role \(roleArn.displayText) with web identity (profile \(profile))",
      "token file \(tokenFile.displayText) (\(origin))",
    ]
    if !context.plugins.tokenPlugins.isEmpty {
      lines.append("token from plugin \(context.plugins.tokenPlugins.joined(separator: ", ")) when it answers, else the file")
    }
    lines.append("session name \(sessionName.displayText) (\(sessionNameOrigin.explanation))")
    if let cacheKey { lines.append("cache \(context.describeCache(cacheKey))") }
    return lines
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let path = tokenFile.displayText
    let token: String
    if let plugins = context.plugins,
      let answer = try plugins.webIdentityToken(context.pluginContext(profile, roleArn: roleArn.displayText))
    {
      token = answer
    } else {
      token = try WebIdentityToken.read(path)
    }
    try WebIdentityToken.checkNotExpired(token, file: path, now: context.clock())
    let parameters = [
      ("RoleArn", roleArn.displayText), ("RoleSessionName", sessionName.displayText), ("WebIdentityToken", token),
    ]
    let role = try context.stsClient().assumeRoleWithWebIdentity(parameters)
    return FetchedCredentials(role.credentials, cacheDocument: role.cacheDocument)
  }
}

/// Web identity tokens: read raw from their file each time STS is called.
package enum WebIdentityToken {
  package static func read(_ path: String) throws -> String {
    let result = FileSystem.read(path, limit: FileSystem.smallFileLimit)
    guard case .contents(let bytes) = result else {
      throw SourceError("cannot read the web identity token file: \(result.problem(path) ?? path)")
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The payload of a JWT (`header.payload.signature`), unverified; `nil` if it is not one.
  package static func claims(_ token: String) -> JSON? {
    let parts = PythonText.strip(token).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])) else { return nil }
    return JSON.parse(payload)
  }

  /// Fails with a clear message when a JWT's `exp` has passed, instead of asking STS.
  package static func checkNotExpired(_ token: String, file: String, now: Timestamp) throws {
    guard let claims = claims(token), case .number(let text)? = claims["exp"], let exp = Double(text), exp.isFinite,
      exp < 1e15
    else { return }
    if Int(exp) <= now.secondsSinceEpoch {
      throw SourceError(
        "the web identity token in \(file) expired at \(Timestamp(secondsSinceEpoch: Int(exp))); refresh the token file")
    }
  }
}
