import RoleshAWS
import RoleshConfig
import RoleshSupport

/// One row of `rolesh list`: what a profile is, read from the merged view without resolving
/// its chain (so a broken profile still lists).
package struct ProfileSummary: Equatable, Sendable {
  package var name: String
  /// The `listKind` of the first source that recognises the profile, or `none`.
  package var kind: String
  package var roleArn: String?
  /// `sso_role_name` of an IAM Identity Center profile.
  package var ssoRoleName: String?
  /// `source_profile` name or `credential_source` value.
  package var source: String?
  /// `profile` or `credential_source`.
  package var sourceKind: String?
  package var mfaSerial: String?
  package var region: String?
  /// The account the profile reaches: from its role ARN, or `sso_account_id`.
  package var account: String?
  /// Expiry of a usable cache entry for the profile's own step, if any.
  package var cachedUntil: Timestamp?

  /// The role's name: an IAM Identity Center role's, or the last part of the role ARN
  /// (`…:role/path/Admin` → `Admin`).
  package var roleName: String? {
    if let ssoRoleName { return ssoRoleName }
    guard let roleArn else { return nil }
    // Searched as bytes: a `/` is never part of a longer character (a Character search was a
    // tenth of `list`'s rows).
    guard let slash = roleArn.utf8.lastIndex(of: 0x2F) else { return roleArn }
    return String(roleArn[roleArn.utf8.index(after: slash)...])
  }

  package var json: JSON {
    .object([
      ("name", .string(name)),
      ("kind", .string(kind)),
      ("role_arn", .optional(roleArn)),
      ("role_name", .optional(ssoRoleName)),
      ("source", .optional(source)),
      ("source_kind", .optional(sourceKind)),
      ("mfa_serial", .optional(mfaSerial)),
      ("region", .optional(region)),
      ("account", .optional(account)),
      ("cached_until", .optional(cachedUntil?.description)),
    ])
  }
}

/// Builds `rolesh list`.
package enum ProfileListing {
  /// Every profile's row, in `profileOrder`'s order.
  package static func summaries(
    config: AWSConfig, resolver: ProfileResolver, cacheDirectory: String, now: Timestamp
  ) -> [ProfileSummary] {
    let rows = Rows(config: config, resolver: resolver, cacheDirectory: cacheDirectory, now: now)
    // Each row reads only shared, finished state (the indexes are built by `Rows`), so a large
    // config is listed in two halves at once, each written straight into its part of the result.
    return [ProfileSummary](unsafeUninitializedCapacity: rows.count) { buffer, initialized in
      let base = buffer.baseAddress!
      func fill(_ range: Range<Int>) {
        for index in range { (base + index).initialize(to: rows[index]) }
      }
      if rows.count >= TwoThreads.worthwhileCount {
        let half = rows.count / 2
        _ = TwoThreads.run({ fill(0..<half) }, { fill(half..<rows.count) })
      } else {
        fill(0..<rows.count)
      }
      initialized = rows.count
    }
  }

  /// The rows, made one at a time on request (from any thread): the table of `list` keeps only
  /// each row's text, not 50,000 summaries.
  package struct Rows {
    let config: AWSConfig
    let resolver: ProfileResolver
    let cacheDirectory: String
    let now: Timestamp
    let order: [AWSConfig.ProfileSections]
    /// The cache folder's entries: one directory listing instead of a stat per profile; no key
    /// is computed when the cache is empty. Keys come from each profile's own settings, not a
    /// planned chain (a role's entry does not depend on its sources).
    let present: Set<String>

    package init(config: AWSConfig, resolver: ProfileResolver, cacheDirectory: String, now: Timestamp) {
      self.config = config
      self.resolver = resolver
      self.cacheDirectory = cacheDirectory
      self.now = now
      present = Set(FileSystem.listDirectory(cacheDirectory).filter { $0.hasSuffix(".json") })
      order = config.allProfileSections()
    }

    package var count: Int { order.count }

    package subscript(index: Int) -> ProfileSummary {
      summary(order[index], config: config, resolver: resolver, cacheDirectory: cacheDirectory, present: present, now: now)
    }
  }

  private static func summary(
    _ sections: AWSConfig.ProfileSections, config: AWSConfig, resolver: ProfileResolver, cacheDirectory: String, present: Set<String>,
    now: Timestamp
  ) -> ProfileSummary {
    let name = sections.name
    // Every listed name has a section; were one missing, it would list as `none`.
    guard let profile = config.profile(sections) else {
      return ProfileSummary(
        name: name, kind: "none", roleArn: nil, ssoRoleName: nil, source: nil, sourceKind: nil, mfaSerial: nil, region: nil,
        account: nil, cachedUntil: nil)
    }
    let source = ProviderRegistry.source(of: profile, in: config)
    let roleArn = profile.text("role_arn")
    var summary = ProfileSummary(
      name: name, kind: source?.listKind ?? "none", roleArn: roleArn, ssoRoleName: profile.text("sso_role_name"), source: nil,
      sourceKind: nil, mfaSerial: profile.text("mfa_serial"), region: profile.text("region"),
      account: profile.text("sso_account_id") ?? roleArn.flatMap(accountOf), cachedUntil: nil)
    if let source = profile.text("source_profile") {
      summary.source = source
      summary.sourceKind = "profile"
    } else if let source = profile.text("credential_source") {
      summary.source = source
      summary.sourceKind = "credential_source"
    }
    if !present.isEmpty, let source, source.cachesCredentials {
      var planner = ProfilePlanner(resolver: resolver, top: name, allowsEnvironment: false)
      if let key = try? source.ownCacheKey(profile, &planner), present.contains(key.fileName),
        case .present(let entry) = CacheEntry.inspect(cacheDirectory + "/" + key.fileName), entry.isUsable(at: now)
      {
        summary.cachedUntil = entry.expiration
      }
    }
    return summary
  }

  /// The account field of an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`).
  package static func accountOf(_ arn: String) -> String? {
    var arn = arn
    return arn.withUTF8 { bytes -> String? in
      guard bytes.count > 4, bytes[0] == 0x61, bytes[1] == 0x72, bytes[2] == 0x6E, bytes[3] == 0x3A else { return nil }
      // Skip partition, service and region: the account is the fifth field.
      var start = 4
      for _ in 0..<3 {
        guard let colon = bytes[start...].firstIndex(of: 0x3A) else { return nil }
        start = colon + 1
      }
      let end = bytes[start...].firstIndex(of: 0x3A) ?? bytes.count
      guard end > start else { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
    }
  }

}
