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
    guard let slash = roleArn.lastIndex(of: "/") else { return roleArn }
    return String(roleArn[roleArn.index(after: slash)...])
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
  package static func summaries(
    config: AWSConfig, resolver: ProfileResolver, cacheDirectory: String, now: Timestamp
  ) -> [ProfileSummary] {
    // One directory listing instead of a stat per profile; no key is computed when the
    // cache is empty. Keys come from each profile's own settings, not a planned chain (a
    // role's entry does not depend on its sources): `list` stays cheap at 50,000 profiles.
    let present = Set(FileSystem.listDirectory(cacheDirectory).filter { $0.hasSuffix(".json") })
    config.indexAllProfiles()
    let order = config.profileOrder
    func rows(_ names: ArraySlice<String>) -> [ProfileSummary] {
      names.compactMap { summary($0, config: config, resolver: resolver, cacheDirectory: cacheDirectory, present: present, now: now) }
    }
    // Each row reads only shared, finished state (the indexes are built above), so a large
    // config is listed in two halves at once.
    guard order.count >= parallelThreshold else { return rows(order[...]) }
    let half = order.count / 2
    let (first, second) = TwoThreads.run({ rows(order[..<half]) }, { rows(order[half...]) })
    return first + second
  }

  /// Profiles from which `list` builds its rows on two threads.
  static let parallelThreshold = 4096

  private static func summary(
    _ name: String, config: AWSConfig, resolver: ProfileResolver, cacheDirectory: String, present: Set<String>, now: Timestamp
  ) -> ProfileSummary? {
    guard let profile = config.profile(name) else { return nil }
    let source = SourceRegistry.source(of: profile, in: config)
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
    var utf8 = arn.utf8[...]
    guard utf8.starts(with: "arn:".utf8) else { return nil }
    // Skip partition, service and region: the account is the fifth field.
    for _ in 0..<4 {
      guard let colon = utf8.firstIndex(of: 0x3A) else { return nil }
      utf8 = utf8[utf8.index(after: colon)...]
    }
    let end = utf8.firstIndex(of: 0x3A) ?? utf8.endIndex
    guard end > utf8.startIndex else { return nil }
    return String(Substring(utf8[..<end]))
  }
}
