import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `SSOProvider` (IAM Identity Center): a profile with `sso_account_id` or
/// `sso_role_name`, either naming an `[sso-session NAME]` (whose keys it takes, refusing
/// differing duplicates) or carrying `sso_start_url` and `sso_region` itself (legacy).
package struct SSOProvider: CredentialProvider {
  package var listKind: String { "sso" }
  package var cachesCredentials: Bool { true }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool {
    profile.has("sso_account_id") || profile.has("sso_role_name")
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard let settings = try SSOSettings(profile: profile, config: planner.config, fail: { planner.fail($0, $1, at: $2) }) else {
      return false
    }
    planner.steps.append(SSOStep(settings))
    return true
  }
}

/// The settings of an SSO profile, resolved as botocore's `_load_sso_config` does.
package struct SSOSettings: Equatable, Sendable {
  package var profile: String
  /// The `sso_session` named, or nil for a legacy profile.
  package var sessionName: String?
  package var startURL: String
  package var region: String
  package var accountId: String
  package var roleName: String
  /// `sso_registration_scopes`, split at commas (empties dropped); nil when not configured.
  package var registrationScopes: [String]?
  /// Where `sso_account_id` (or `sso_role_name`) is.
  package var location: SourceLocation

  /// nil when the profile is not an SSO profile; botocore's configuration errors otherwise.
  package init?(
    profile: Profile, config: AWSConfig, fail: (ConfigError.Code, String, SourceLocation?) -> ConfigError
  ) throws {
    guard profile.has("sso_role_name") || profile.has("sso_account_id") else { return nil }
    // botocore crashes on (or passes on as a dict) a nested block where these values belong.
    for key in ["sso_session", "sso_account_id", "sso_role_name", "sso_start_url", "sso_region"] {
      if case .nested? = profile[key] {
        throw fail(
          .configParse, "\(key) of profile \(profile.name) is a nested block of `key = value` lines, not a value",
          profile.location(of: key))
      }
    }
    var resolved: [String: INIValue] = profile.entries.mapValues(\.value)
    var required = ["sso_role_name", "sso_account_id", "sso_start_url", "sso_region"]
    var sessionName: String?
    if let reference = profile["sso_session"] {
      let name = reference.displayText
      guard let section = config.ssoSession(name) else {
        throw fail(.ssoSessionMissing, "The specified sso-session does not exist: \"\(name)\"", profile.location(of: "sso_session"))
      }
      // In the section's own order: the first differing key is the one botocore names.
      for (key, entry) in section.entries.sorted(by: { $0.value.location.line < $1.value.location.line }) {
        if let mine = resolved[key], mine != entry.value {
          throw fail(
            .ssoInconsistent,
            "The value for \(key) is inconsistent between profile (\(mine.displayText)) and sso-session (\(entry.value.displayText)).",
            profile.location(of: key))
        }
        resolved[key] = entry.value
      }
      required.append("sso_session")
      sessionName = name
    }
    let missing = required.filter { resolved[$0] == nil }
    guard missing.isEmpty else {
      throw fail(
        .ssoMissingConfig,
        "The profile \"\(profile.name)\" is configured to use SSO but is missing required configuration: \(missing.joined(separator: ", "))",
        profile.location)
    }
    self.profile = profile.name
    self.sessionName = sessionName
    startURL = resolved["sso_start_url"]?.displayText ?? ""
    region = resolved["sso_region"]?.displayText ?? ""
    accountId = resolved["sso_account_id"]?.displayText ?? ""
    roleName = resolved["sso_role_name"]?.displayText ?? ""
    registrationScopes = resolved["sso_registration_scopes"].map(Self.scopes)
    location = profile.location(of: profile.has("sso_account_id") ? "sso_account_id" : "sso_role_name")
  }

  /// `parse_sso_registration_scopes`: split at commas, stripped, empties dropped.
  package static func scopes(_ value: INIValue) -> [String] {
    value.displayText.split(separator: ",", omittingEmptySubsequences: false).map { PythonText.strip(String($0)) }
      .filter { !$0.isEmpty }
  }

  /// The token file's key.
  package var tokenKey: CacheKey { SSOTokenCache.tokenKey(sessionName: sessionName, startURL: startURL) }

  /// What the token belongs to.
  package var session: SSOSession {
    SSOSession(sessionName: sessionName, startURL: startURL, region: region, registrationScopes: registrationScopes, profile: profile)
  }

  /// The AWS CLI v2's key for the role credentials: compact, sorted JSON of account, role and
  /// session name (or start URL for legacy profiles).
  package var credentialsKey: CacheKey {
    var arguments: [(String, JSON)] = [("roleName", .string(roleName)), ("accountId", .string(accountId))]
    if let sessionName {
      arguments.append(("sessionName", .string(sessionName)))
    } else {
      arguments.append(("startUrl", .string(startURL)))
    }
    return CacheKey(document: .object(arguments), style: .pythonCompact)
  }

  /// The command that logs this profile in.
  package var loginCommand: String { session.loginCommand }
}

/// An IAM Identity Center sign-in: an sso-session (or a legacy profile's start URL) and its
/// region — what a token belongs to.
package struct SSOSession: Equatable, Sendable {
  package var sessionName: String?
  package var startURL: String
  package var region: String
  package var registrationScopes: [String]?
  /// The profile it was found through (legacy profiles log in by profile).
  package var profile: String?

  package init(sessionName: String?, startURL: String, region: String, registrationScopes: [String]?, profile: String?) {
    self.sessionName = sessionName
    self.startURL = startURL
    self.region = region
    self.registrationScopes = registrationScopes
    self.profile = profile
  }

  /// The sign-in `rolesh sso login [PROFILE] [--sso-session NAME]` means, as the CLI v2's
  /// `_get_sso_config` finds it: the named sso-session, else the profile's, else the legacy
  /// profile's own start URL and region.
  package static func find(named sessionName: String?, profile: Profile?, profileName: String, config: AWSConfig) throws
    -> SSOSession
  {
    func required(_ values: [String: INIValue], legacy: Bool) throws -> (String, String) {
      let missing = ["sso_start_url", "sso_region"].filter { values[$0] == nil }
      guard missing.isEmpty else {
        throw ConfigError(
          .ssoMissingConfig,
          "Missing the following required SSO configuration values: \(missing.joined(separator: ", "))."
            + (legacy ? " To make sure this profile is properly configured to use SSO, add sso_start_url and sso_region (or an sso_session)" : ""),
          profile: profileName, location: profile?.location)
      }
      return (values["sso_start_url"]?.displayText ?? "", values["sso_region"]?.displayText ?? "")
    }
    let name = sessionName ?? profile?["sso_session"]?.displayText
    if let name {
      guard let section = config.ssoSession(name) else {
        throw ConfigError(.ssoSessionMissing, "The specified sso-session does not exist: \"\(name)\"", profile: profileName)
      }
      let values = section.entries.mapValues(\.value)
      let (startURL, region) = try required(values, legacy: false)
      return SSOSession(
        sessionName: name, startURL: startURL, region: region, registrationScopes: values["sso_registration_scopes"].map(SSOSettings.scopes),
        profile: profile?.name)
    }
    guard let profile else {
      throw ConfigError(
        .profileNotFound, "the config profile (\(profileName)) could not be found in \(config.configPath) or \(config.credentialsPath)",
        profile: profileName)
    }
    let (startURL, region) = try required(profile.entries.mapValues(\.value), legacy: true)
    return SSOSession(sessionName: nil, startURL: startURL, region: region, registrationScopes: nil, profile: profile.name)
  }

  /// The token file's key.
  package var tokenKey: CacheKey { SSOTokenCache.tokenKey(sessionName: sessionName, startURL: startURL) }

  /// The command that logs it in.
  package var loginCommand: String {
    if let sessionName { return "rolesh sso login --sso-session \(ShellWord.quote(sessionName))" }
    return "rolesh sso login \(profile.map(ShellWord.quote) ?? "")"
  }
}

/// A login is needed: no token, an expired one that cannot be refreshed, or one the portal
/// refuses (401). Exit 77; the prompt hook turns it into "pending".
package struct SSOLoginRequired: RoleshError, Equatable, Sendable {
  package var reason: String
  /// The sign-in that needs a login.
  package var session: SSOSession

  package init(reason: String, session: SSOSession) {
    self.reason = reason
    self.session = session
  }

  /// The command that logs in.
  package var command: String { session.loginCommand }

  package var exitStatus: ExitStatus { .permission }
  package var message: String { "\(reason): run `\(command)`" }
}

/// GetRoleCredentials for an account and role with the session's (refreshed) access token,
/// cached under the AWS CLI v2's key in its format (`ProviderType: sso`).
package struct SSOStep: ResolutionStep, Equatable {
  package var settings: SSOSettings

  package init(_ settings: SSOSettings) { self.settings = settings }

  package var profile: String { settings.profile }
  package var kind: String { "sso" }
  package var cacheKey: CacheKey? { settings.credentialsKey }
  package var cacheSubject: String? { "account \(settings.accountId), role \(settings.roleName)" }
  package var target: StepTarget? { StepTarget(accountId: settings.accountId, roleName: settings.roleName) }
  package var identityCenterRegion: String? { settings.region }
  package func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession? {
    SignInSession(durationAllowed: false)
  }
  package var action: String {
    "getting IAM Identity Center credentials for role \(settings.roleName) in account \(settings.accountId) (profile \(profile))"
  }

  /// Refresh window of sso-session tokens (botocore's advisory window).
  static let refreshWindow = 15 * 60

  package var jsonFields: [(String, JSON)] {
    [
      ("sso_session", .optional(settings.sessionName)), ("start_url", .string(settings.startURL)),
      ("sso_region", .string(settings.region)), ("account_id", .string(settings.accountId)),
      ("role_name", .string(settings.roleName)), ("token_file", .string(settings.tokenKey.fileName)),
      ("cache_file", .string(settings.credentialsKey.fileName)),
    ]
  }

  /// What the token file says, for `explain`.
  package enum TokenState: String, Sendable {
    case valid, refreshable, expired, missing
  }

  package func tokenState(_ cache: SSOTokenCache, now: Timestamp) -> (TokenState, SSOToken?) {
    guard case .token(let token) = cache.token(settings.tokenKey) else { return (.missing, nil) }
    let left = token.expiresAt.seconds(after: now)
    if settings.sessionName != nil, left < Self.refreshWindow, token.isRefreshable(at: now) { return (.refreshable, token) }
    return (left > 0 ? .valid : .expired, token)
  }

  package func jsonState(_ context: StepReportContext) -> [(String, JSON)] {
    [("token_state", .string(tokenState(SSOTokenCache(environment: context.environment), now: context.now).0.rawValue))]
  }

  package func explain(_ context: StepReportContext) -> [String] {
    let cache = SSOTokenCache(environment: context.environment)
    let (state, token) = tokenState(cache, now: context.now)
    let session = settings.sessionName.map { "sso-session \($0)" } ?? "legacy profile"
    var tokenLine = "token \(cache.path(settings.tokenKey)): "
    switch state {
    case .valid: tokenLine += "valid until \(token?.expiresAt.description ?? "?")"
    case .refreshable: tokenLine += "expires \(token?.expiresAt.description ?? "?"); it will be refreshed with its refresh token"
    case .expired: tokenLine += "expired at \(token?.expiresAt.description ?? "?") → run `\(settings.loginCommand)`"
    case .missing: tokenLine += "none → run `\(settings.loginCommand)`"
    }
    var lines = [
      "IAM Identity Center role \(settings.roleName) in account \(settings.accountId) (profile \(profile))",
      settings.location.description, "start URL \(settings.startURL) (\(session), region \(settings.region))", tokenLine,
    ]
    if let cacheKey { lines.append("cache \(context.describeCache(cacheKey))") }
    return lines
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let accessToken = try SSOAccessToken(session: settings.session, context: context.ssoTokenContext).current()
    let portal = try context.ssoClients(region: settings.region).portal
    let answer: (credentials: AWSCredentials, expirationMilliseconds: Int)
    do {
      answer = try portal.roleCredentials(accountId: settings.accountId, roleName: settings.roleName, accessToken: accessToken)
    } catch let error as SSOServiceError where error.isUnauthorized {
      throw SSOLoginRequired(reason: "the IAM Identity Center token was refused (\(error.code))", session: settings.session)
    } catch let error as SSOServiceError where error.isForbidden {
      throw GeneralError(
        "IAM Identity Center does not let you use role \(settings.roleName) in account \(settings.accountId) (\(error.code)): ask for the assignment, or pick another profile",
        status: .permission, profile: profile)
    }
    let expiration = Timestamp(secondsSinceEpoch: answer.expirationMilliseconds / 1000)
    let document = JSON.object([
      ("ProviderType", .string("sso")),
      (
        "Credentials",
        .object([
          ("AccessKeyId", .string(answer.credentials.accessKeyId)),
          ("SecretAccessKey", .string(answer.credentials.secretAccessKey)),
          ("SessionToken", .optional(answer.credentials.sessionToken)),
          ("Expiration", .string(expiration.description)), ("AccountId", .string(settings.accountId)),
        ])
      ),
    ])
    return FetchedCredentials(answer.credentials, cacheDocument: document)
  }
}

/// What reading, refreshing and writing a token needs.
package struct SSOTokenContext {
  package var environment: Environment
  package var clock: () -> Timestamp
  /// The OIDC client for a region (refreshes call CreateToken).
  package var oidc: (String) throws -> SSOOIDCClient
  /// One-line notes for people.
  package var warn: (String) -> Void

  package init(
    environment: Environment, clock: @escaping () -> Timestamp, oidc: @escaping (String) throws -> SSOOIDCClient,
    warn: @escaping (String) -> Void
  ) {
    self.environment = environment
    self.clock = clock
    self.oidc = oidc
    self.warn = warn
  }
}

/// botocore's token logic (`SSOTokenProvider`, `SSOCredentialFetcher`): a legacy token is used
/// until it expires (and then a login is needed, without a call); an sso-session token inside
/// 15 minutes of its expiry is refreshed with its refresh token — under the token's lock, so
/// many processes make one CreateToken — and the file rewritten as the AWS CLI v2 writes it. A
/// failed refresh keeps the old token while it is still valid.
package struct SSOAccessToken {
  var session: SSOSession
  var context: SSOTokenContext

  package init(session: SSOSession, context: SSOTokenContext) {
    self.session = session
    self.context = context
  }

  package func current() throws -> String {
    let cache = SSOTokenCache(environment: context.environment)
    let key = session.tokenKey
    let name = session.sessionName ?? session.startURL
    func load() throws -> SSOToken {
      switch cache.token(key) {
      case .token(let token): return token
      case .missing:
        throw SSOLoginRequired(reason: "not logged in to IAM Identity Center (\(name))", session: session)
      case .invalid(let reason):
        throw SSOLoginRequired(reason: "the IAM Identity Center token \(cache.path(key)) \(reason)", session: session)
      }
    }
    var token = try load()
    if session.sessionName == nil {
      guard token.expiresAt.seconds(after: context.clock()) > 0 else {
        throw SSOLoginRequired(reason: "the IAM Identity Center token for \(name) expired at \(token.expiresAt)", session: session)
      }
      return token.accessToken
    }
    if needsRefresh(token) {
      token = try cache.withLock(key, waiting: { context.warn("rolesh: waiting for another rolesh process that is refreshing the IAM Identity Center token…") }) {
        // Another process may have refreshed it while this one waited.
        let current = try load()
        guard needsRefresh(current), let refreshed = try? refresh(current) else { return current }
        do {
          try cache.write(key, refreshed.document)
        } catch {
          context.warn("rolesh: warning: could not write the refreshed token: \(error)")
        }
        return refreshed
      }
    }
    guard token.expiresAt.seconds(after: context.clock()) > 0 else {
      throw SSOLoginRequired(
        reason: "the IAM Identity Center token for \(name) expired at \(token.expiresAt) and could not be refreshed",
        session: session)
    }
    return token.accessToken
  }

  private func needsRefresh(_ token: SSOToken) -> Bool {
    token.expiresAt.seconds(after: context.clock()) < SSOStep.refreshWindow && token.isRefreshable(at: context.clock())
  }

  /// CreateToken with the refresh token; the new document as botocore builds it.
  private func refresh(_ token: SSOToken) throws -> SSOToken {
    let answer = try context.oidc(session.region).createToken(
      clientId: token.clientId ?? "", clientSecret: token.clientSecret ?? "",
      fields: [("grantType", "refresh_token"), ("refreshToken", token.refreshToken ?? "")])
    return SSOToken(
      startURL: session.startURL, region: session.region, accessToken: answer.accessToken,
      expiresAt: context.clock().adding(answer.expiresIn), clientId: token.clientId, clientSecret: token.clientSecret,
      registrationExpiresAt: token.registrationExpiresAt, refreshToken: answer.refreshToken)
  }
}
