/// One row of `rolesh list`: what a profile is, read from the merged view without resolving
/// its chain (so a broken profile still lists).
package struct ProfileSummary: Equatable, Sendable {
  /// The kind the top-level provider order gives it.
  package enum Kind: String, Sendable {
    case role
    case webIdentity = "web-identity"
    case sso
    case staticKeys = "static"
    case process
    case none
  }

  package var name: String
  package var kind: Kind
  package var roleArn: String?
  /// `source_profile` name or `credential_source` value.
  package var source: String?
  /// `profile` or `credential_source`.
  package var sourceKind: String?
  package var mfaSerial: String?
  package var region: String?
  /// Expiry of a usable cache entry for the profile's own role, if any.
  package var cachedUntil: Timestamp?

  package var json: JSON {
    .object([
      ("name", .string(name)),
      ("kind", .string(kind.rawValue)),
      ("role_arn", .optional(roleArn)),
      ("source", .optional(source)),
      ("source_kind", .optional(sourceKind)),
      ("mfa_serial", .optional(mfaSerial)),
      ("region", .optional(region)),
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
      var summary = ProfileSummary(
        name: name, kind: .none, roleArn: profile.text("role_arn"), source: nil, sourceKind: nil,
        mfaSerial: profile.text("mfa_serial"), region: profile.text("region"), cachedUntil: nil)
      if let source = profile.text("source_profile") {
        summary.source = source
        summary.sourceKind = "profile"
      } else if let source = profile.text("credential_source") {
        summary.source = source
        summary.sourceKind = "credential_source"
      }
      if profile.has("role_arn") && !profile.has("web_identity_token_file") {
        summary.kind = .role
      } else if profile["web_identity_token_file"]?.isTruthy == true {
        summary.kind = .webIdentity
      } else if profile.has("sso_account_id") || profile.has("sso_role_name") {
        summary.kind = .sso
      } else if config.credentialSection(name)?.entries["aws_access_key_id"] != nil
        || config.configProfile(name)?.entries["aws_access_key_id"] != nil
      {
        summary.kind = profile.has("credential_process") && config.credentialSection(name)?.entries["aws_access_key_id"] == nil
          ? .process : .staticKeys
      } else if profile.has("credential_process") {
        summary.kind = .process
      }
      if summary.kind == .role || summary.kind == .webIdentity,
        let plan = try? resolver.resolve(.explicit(name)), let key = plan.steps.last?.cacheKey,
        case .present(let expires) = CacheInspection.state(of: cacheDirectory + "/" + key.fileName),
        CacheInspection.State.present(expires: expires).isUsable(at: now)
      {
        summary.cachedUntil = expires
      }
      return summary
    }
  }
}
