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
    config.profileOrder.compactMap { name in
      guard let profile = config.profile(name) else { return nil }
      let source = SourceRegistry.source(of: profile, in: config)
      var summary = ProfileSummary(
        name: name, kind: source?.listKind ?? "none", roleArn: profile.text("role_arn"),
        ssoRoleName: profile.text("sso_role_name"), source: nil,
        sourceKind: nil, mfaSerial: profile.text("mfa_serial"), region: profile.text("region"),
        account: profile.text("sso_account_id") ?? profile.text("role_arn").flatMap(accountOf), cachedUntil: nil)
      if let source = profile.text("source_profile") {
        summary.source = source
        summary.sourceKind = "profile"
      } else if let source = profile.text("credential_source") {
        summary.source = source
        summary.sourceKind = "credential_source"
      }
      if source?.cachesCredentials == true, let plan = try? resolver.resolve(.explicit(name)), let key = plan.steps.last?.cacheKey,
        case .present(let entry) = CacheEntry.inspect(cacheDirectory + "/" + key.fileName), entry.isUsable(at: now)
      {
        summary.cachedUntil = entry.expiration
      }
      return summary
    }
  }

  /// The account field of an ARN (`arn:aws:iam::123456789012:role/x` → `123456789012`).
  package static func accountOf(_ arn: String) -> String? {
    let fields = arn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
    guard fields.count >= 5, fields[0] == "arn", !fields[4].isEmpty else { return nil }
    return String(fields[4])
  }
}
