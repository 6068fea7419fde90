import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// Candidates for shell completion, from the config alone (no network, no plugins): profile
/// names — all, only those whose chain plans, or only IAM Identity Center ones — and
/// sso-session names.
package enum ProfileCompletion {
  package enum Filter: Sendable {
    case all, usable, sso
  }

  package static func names(prefix: String, environment: Environment, filter: Filter) -> [String] {
    guard let config = try? ConfigLoader.load(environment) else { return [] }
    let candidates = config.profileOrder.filter { $0.hasPrefix(prefix) }
    config.indexAllProfiles()
    switch filter {
    case .all:
      return candidates
    case .usable:
      let resolver = ProfileResolver(config: config, environment: environment)
      return candidates.filter { (try? resolver.resolve(.explicit($0)))?.steps.isEmpty == false }
    case .sso:
      return candidates.filter { name in
        guard let profile = config.profile(name) else { return false }
        return ProviderRegistry.source(of: profile, in: config)?.listKind == "sso" || profile.has("sso_start_url") || profile.has("sso_session")
      }
    }
  }

  /// Region names botocore knows.
  package static func regions(prefix: String) -> [String] {
    Partition.knownRegions.filter { $0.hasPrefix(prefix) }
  }

  package static func ssoSessions(prefix: String, environment: Environment) -> [String] {
    ((try? ConfigLoader.load(environment))?.ssoSessionNames ?? []).filter { $0.hasPrefix(prefix) }
  }
}
