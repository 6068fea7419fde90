import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh cache list|clear`: the AWS CLI cache entries rolesh shares.
package enum CacheCommands {
  /// `cache list [--json]`: the listing for stdout, and a summary line for people.
  package static func list(json: Bool, width: Int = 100, runtime: Runtime) throws -> (output: String, note: String?) {
    let environment = runtime.environment
    let listing = CacheListing(config: try runtime.config(), environment: environment)
    let now = runtime.clock()
    if json {
      let entries: [JSON] = listing.entries.map { entry in
        let expires = entry.state.expiration
        var problem: String?
        if case .unreadable(let reason) = entry.state { problem = reason }
        return .object([
          ("file", .string(entry.fileName)),
          ("profiles", .array(entry.profiles.map(JSON.string))),
          ("role_arn", .optional(entry.subject)),
          ("expires", .optional(expires?.description)),
          ("remaining_seconds", expires.map { .number(String($0.seconds(after: now))) } ?? .null),
          ("usable", .bool(entry.state.isUsable(at: now))),
          ("problem", .optional(problem)),
        ])
      }
      let document = JSON.object([
        ("directory", .string(listing.directory)), ("entries", .array(entries)),
        ("other_entries", .number(String(listing.unattributed))),
      ])
      return (document.serialized(), nil)
    }
    var rows = [["PROFILES", "ROLE", "EXPIRES", "LEFT", "FILE"]]
    for entry in listing.entries {
      let left: String
      switch entry.state {
      case .present(let cached):
        let seconds = cached.expiration.seconds(after: now)
        left = seconds <= 0
          ? "expired" : seconds < CredentialCache.expiryWindow ? "\(seconds / 60)m (refresh)" : "\(seconds / 3600)h\(seconds % 3600 / 60)m"
      case .unreadable(let reason): left = reason
      case .missing: left = "-"
      }
      // An MFA session serves many roles: the first few, and how many more.
      let profiles = entry.profiles.count > 2
        ? entry.profiles.prefix(2).joined(separator: ", ") + " +\(entry.profiles.count - 2) more" : entry.profiles.joined(separator: ", ")
      rows.append([profiles, entry.subject ?? "-", entry.state.expiration?.description ?? "-", left, entry.fileName])
    }
    return (
      TextTable.render(rows, maxWidth: width, shrinkable: [1, 4]),
      "\(listing.entries.count) entries for these profiles, \(listing.unattributed) other entries in \(listing.directory)"
    )
  }

  /// `cache clear [PROFILE]`: every entry, or those of PROFILE's chain; what was removed, in a
  /// sentence.
  package static func clear(profile: String?, runtime: Runtime) throws -> String {
    let environment = runtime.environment
    let cache = CredentialCache(environment: environment, warn: runtime.warn)
    var names: Set<String>?
    var kept = ""
    if let profile {
      let config = try runtime.config()
      let resolver = ProfileResolver(config: config, environment: environment)
      let plan = try resolver.resolve(.explicit(profile))
      // An MFA session serves every role behind the same user and device: clearing one role's
      // entries keeps it, and says so (clearing everything removes it).
      var shared: [String] = []
      for step in plan.steps where step.kind == "mfa-session" {
        guard let key = step.cacheKey, let serial = step.mfaSerial else { continue }
        let roles = resolver.profilesSharingMFASession(key, sourceProfile: step.profile, serial: serial).filter { $0 != profile }
        if !roles.isEmpty {
          shared.append(key.fileName)
          kept = "; kept the MFA session of profile \(step.profile), which also serves \(roles.joined(separator: ", ")) (`rolesh cache clear` with no profile removes it too)"
        }
      }
      names = Set(plan.cacheKeys.map(\.fileName)).subtracting(shared)
    }
    let removed = cache.clear(names)
    return "removed \(removed.count) cache \(removed.count == 1 ? "entry" : "entries") from \(cache.directory)" + kept
  }
}
