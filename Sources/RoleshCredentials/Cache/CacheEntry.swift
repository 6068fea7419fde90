import RoleshAWS
import RoleshSupport

/// One credential cache entry, as the AWS CLI and rolesh both read it. This is the only parser
/// of an entry: `export`, `explain`, `list` and `cache list` all decide with it.
package struct CacheEntry: Sendable {
  /// The credentials, with their expiration.
  package var credentials: AWSCredentials
  /// When they stop working.
  package var expiration: Timestamp
  /// `ProviderType` (`sso` for the AWS CLI v2's SSO entries); nil for assume-role entries.
  package var providerType: String?

  /// `Credentials` with `AccessKeyId`, `SecretAccessKey`, `SessionToken` and a zoned
  /// `Expiration`; anything less is not an entry botocore could use.
  package static func decode(_ bytes: [UInt8]) -> CacheEntry? {
    guard let json = JSON.parse(bytes), let credentials = json["Credentials"],
      let accessKey = credentials["AccessKeyId"]?.stringValue, !accessKey.isEmpty,
      let secret = credentials["SecretAccessKey"]?.stringValue,
      let token = credentials["SessionToken"]?.stringValue,
      let expirationText = credentials["Expiration"]?.stringValue,
      let expiration = Timestamp(iso8601: expirationText)
    else { return nil }
    let parsed = AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token, expiration: expiration,
      accountId: credentials["AccountId"]?.stringValue)
    // Control characters in a key mean a crafted or damaged file: treated as corrupt.
    guard parsed.isPrintable else { return nil }
    return CacheEntry(credentials: parsed, expiration: expiration, providerType: json["ProviderType"]?.stringValue)
  }

  /// Whether the entry would be used at `now`: at least the expiry window left, or
  /// `window` seconds when a caller needs longer-lived credentials.
  package func isUsable(at now: Timestamp, window: Int = CredentialCache.expiryWindow) -> Bool {
    expiration.seconds(after: now) >= window
  }

  /// What a cache file holds, as far as deciding reuse goes.
  package enum State: Sendable {
    case missing
    case present(CacheEntry)
    /// Present but unusable (the reason says why); rolesh replaces such files.
    case unreadable(String)

    /// Whether the entry would be used at `now`.
    package func isUsable(at now: Timestamp) -> Bool {
      if case .present(let entry) = self { return entry.isUsable(at: now) }
      return false
    }

    /// The expiry of a parsed entry.
    package var expiration: Timestamp? {
      if case .present(let entry) = self { return entry.expiration }
      return nil
    }
  }

  /// Inspects one entry without changing anything.
  package static func inspect(_ path: String) -> State {
    let result = FileSystem.read(path, limit: FileSystem.smallFileLimit)
    switch result {
    case .missing: return .missing
    case .contents(let bytes):
      guard let entry = decode(bytes) else {
        return .unreadable("is not a credential entry (it needs Credentials with AccessKeyId, SecretAccessKey, SessionToken and a zoned Expiration)")
      }
      return .present(entry)
    case .directory: return .unreadable("is a directory")
    case .special: return .unreadable("is not a regular file")
    case .tooLarge(let size): return .unreadable("is too large (\(size) bytes)")
    case .unreadable: return .unreadable("cannot be read")
    }
  }
}
