import RoleshAWS
import RoleshConfig
import RoleshSupport

/// `rolesh cache list`: the cache entries, attributed to the profiles whose plans use them
/// (every source's step says which entry it reads and what it holds).
package struct CacheListing {
  package struct Entry: Sendable {
    package var fileName: String
    /// `profile` for a profile's own step, `profile (via top)` for a hop in another's chain.
    package var profiles: [String]
    /// What the credentials are for (role ARN, account and role).
    package var subject: String?
    package var state: CacheEntry.State
  }

  package var directory: String
  package var entries: [Entry]
  /// Entries no profile of this config leads to (other tools, old settings).
  package var unattributed: Int

  /// Reads the cache directory and plans every profile to attribute entries (no network).
  package init(config: AWSConfig, environment: Environment) {
    let directory = CredentialCache.directory(environment)
    self.directory = directory
    let present = Set(FileSystem.listDirectory(directory).filter { $0.hasSuffix(".json") })
    let resolver = ProfileResolver(config: config, environment: environment)
    config.indexAllProfiles()
    var owners: [String: (profiles: [String], subject: String?)] = [:]
    for name in config.profileOrder {
      guard let plan = try? resolver.resolve(.explicit(name)) else { continue }
      for step in plan.steps {
        guard let key = step.cacheKey, present.contains(key.fileName) else { continue }
        let label = step.profile == name ? name : "\(step.profile) (via \(name))"
        if !(owners[key.fileName]?.profiles.contains(label) ?? false) {
          owners[key.fileName, default: ([], step.cacheSubject)].profiles.append(label)
        }
      }
    }
    entries = present.sorted().compactMap { file in
      guard let owner = owners[file] else { return nil }
      return Entry(fileName: file, profiles: owner.profiles, subject: owner.subject, state: CacheEntry.inspect(directory + "/" + file))
    }
    unattributed = present.count - entries.count
  }
}
