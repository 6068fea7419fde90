import RoleshAWS
import RoleshSupport

/// An IAM Identity Center access token as the AWS CLI v2 caches it in `~/.aws/sso/cache`.
package struct SSOToken: Sendable {
  package var startURL: String?
  package var region: String?
  package var accessToken: String
  package var expiresAt: Timestamp
  package var clientId: String?
  package var clientSecret: String?
  /// `registrationExpiresAt` as written (botocore copies it verbatim when it refreshes).
  package var registrationExpiresAt: String?
  package var refreshToken: String?

  package init(
    startURL: String?, region: String?, accessToken: String, expiresAt: Timestamp, clientId: String?, clientSecret: String?,
    registrationExpiresAt: String?, refreshToken: String?
  ) {
    self.startURL = startURL
    self.region = region
    self.accessToken = accessToken
    self.expiresAt = expiresAt
    self.clientId = clientId
    self.clientSecret = clientSecret
    self.registrationExpiresAt = registrationExpiresAt
    self.refreshToken = refreshToken
  }

  /// Whether botocore's refresher could renew it: a refresh token and an unexpired client
  /// registration (`tokens.py`, `_refresh_access_token`).
  package func isRefreshable(at now: Timestamp) -> Bool {
    guard refreshToken != nil, clientId != nil, clientSecret != nil, let registration = registrationExpiresAt,
      let expires = Timestamp(iso8601: registration)
    else { return false }
    return expires.seconds(after: now) > 0
  }

  /// The document the AWS CLI v2 writes: keys in botocore's order, `…Z` times.
  package var document: JSON {
    var fields: [(String, JSON)] = []
    if let startURL { fields.append(("startUrl", .string(startURL))) }
    if let region { fields.append(("region", .string(region))) }
    fields.append(("accessToken", .string(accessToken)))
    fields.append(("expiresAt", .string(expiresAt.description)))
    if let clientId { fields.append(("clientId", .string(clientId))) }
    if let clientSecret { fields.append(("clientSecret", .string(clientSecret))) }
    if let registrationExpiresAt { fields.append(("registrationExpiresAt", .string(registrationExpiresAt))) }
    if let refreshToken { fields.append(("refreshToken", .string(refreshToken))) }
    return .object(fields)
  }

  /// botocore's loader: `accessToken` and `expiresAt` are required; any zoned form of the time
  /// (`Z`, `UTC`, `+00:00`, with fractions) is accepted.
  package static func decode(_ json: JSON) -> SSOToken? {
    guard let access = json["accessToken"]?.stringValue, let text = json["expiresAt"]?.stringValue,
      let expires = Timestamp(iso8601: text)
    else { return nil }
    return SSOToken(
      startURL: json["startUrl"]?.stringValue, region: json["region"]?.stringValue, accessToken: access, expiresAt: expires,
      clientId: json["clientId"]?.stringValue, clientSecret: json["clientSecret"]?.stringValue,
      registrationExpiresAt: json["registrationExpiresAt"]?.stringValue, refreshToken: json["refreshToken"]?.stringValue)
  }
}

/// `~/.aws/sso/cache`: access tokens (named by the SHA-1 of the sso-session name, or of the
/// start URL for legacy profiles) and client registrations, shared with the AWS CLI v2.
/// Written like the credential cache: a temporary file, fsync, rename, 0600 in a 0700 folder,
/// under a per-file lock, so twenty terminals refreshing one token make one call.
package struct SSOTokenCache {
  package var directory: String
  package var lockDirectory: String

  package init(environment: Environment) {
    var home = environment.homeDirectory
    while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
    directory = (home == "/" ? "" : home) + "/.aws/sso/cache"
    lockDirectory = StatePaths.lockDirectory(environment)
  }

  /// The token file's name: `sha1(session name)` or `sha1(start URL)`, exact bytes.
  package static func tokenKey(sessionName: String?, startURL: String) -> CacheKey {
    CacheKey(hashing: sessionName ?? startURL)
  }

  /// The client registration's name: `sha1(json.dumps({...}, sort_keys=True))` with Python's
  /// default separators — unlike the compact form of the credential keys.
  package static func registrationKey(startURL: String, region: String, scopes: [String]?, sessionName: String?) -> CacheKey {
    CacheKey(
      document: .object([
        ("tool", .string("botocore")), ("startUrl", .string(startURL)), ("region", .string(region)),
        ("scopes", scopes.map { .array($0.map(JSON.string)) } ?? .null), ("session_name", .optional(sessionName)),
      ]), style: .python)
  }

  package func path(_ key: CacheKey) -> String { directory + "/" + key.fileName }

  /// What a token file holds.
  package enum Lookup: Sendable {
    case missing
    /// Present but not a token botocore accepts (the reason says why).
    case invalid(String)
    case token(SSOToken)
  }

  package func token(_ key: CacheKey) -> Lookup {
    let result = FileSystem.read(path(key), limit: FileSystem.smallFileLimit)
    switch result {
    case .missing: return .missing
    case .contents(let bytes):
      guard let json = JSON.parse(bytes), let token = SSOToken.decode(json) else {
        return .invalid("has no accessToken and expiresAt")
      }
      // It goes into a header line: a line break would add headers, a NUL would cut it short.
      guard PortalValues.isToken(token.accessToken) else {
        return .invalid("holds an accessToken that is empty or contains spaces or control characters")
      }
      return .token(token)
    default: return .invalid(result.problem(path(key)) ?? "cannot be read")
    }
  }

  /// The raw JSON of a cache file (registrations, logout's sweep).
  package func document(_ key: CacheKey) -> JSON? {
    FileSystem.readRegularFile(path(key), limit: FileSystem.smallFileLimit).flatMap { JSON.parse($0) }
  }

  /// Writes `document` under `key`, as `json.dumps` would.
  package func write(_ key: CacheKey, _ document: JSON) throws {
    try FileSystem.makeDirectories(directory, mode: 0o700)
    try FileSystem.writeAtomically(Array(document.serialized(.python).utf8), to: path(key), mode: 0o600)
  }

  /// Runs `body` holding the token's lock (refresh and login are single-flight).
  package func withLock<T>(_ key: CacheKey, timeout: Double = 120, waiting: () -> Void = {}, _ body: () throws -> T) throws -> T {
    try FileSystem.makeDirectories(lockDirectory, mode: 0o700)
    let lock = try FileLock(path: lockDirectory + "/sso-" + key.hash + ".lock")
    try lock.acquire(timeout: timeout, waiting: waiting)
    defer { lock.release() }
    return try body()
  }
}
