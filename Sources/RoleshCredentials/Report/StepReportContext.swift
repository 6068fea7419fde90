import RoleshAWS
import RoleshConfig
import RoleshSupport

/// Which plugins answer the hooks `explain` mentions.
package struct PluginSummary: Sendable {
  /// Plugins defining `web_identity_token` (their answer replaces the token file).
  package var tokenPlugins: [String] = []
  /// Plugins defining `mfa_code` (asked before the terminal).
  package var mfaPlugins: [String] = []

  package init(tokenPlugins: [String] = [], mfaPlugins: [String] = []) {
    self.tokenPlugins = tokenPlugins
    self.mfaPlugins = mfaPlugins
  }
}

/// What a step's `explain` lines may say about its surroundings.
package struct StepReportContext {
  package var now: Timestamp
  package var cacheDirectory: String
  /// The state of the step's cache entry; nil when it is not consulted (a step above it is
  /// served from the cache, so this one is never reached).
  package var cacheState: CacheEntry.State?
  /// Whether an MFA code will be needed for this step now.
  package var needsMFA: Bool
  package var plugins: PluginSummary
  package var environment: Environment
  /// The configuration, for what spans profiles (which roles share an MFA session).
  package var config: AWSConfig?

  package init(
    now: Timestamp, cacheDirectory: String, cacheState: CacheEntry.State?, needsMFA: Bool, plugins: PluginSummary,
    environment: Environment, config: AWSConfig?
  ) {
    self.now = now
    self.cacheDirectory = cacheDirectory
    self.cacheState = cacheState
    self.needsMFA = needsMFA
    self.plugins = plugins
    self.environment = environment
    self.config = config
  }

  /// `explain`'s note on an `mfa_serial`.
  package var mfaNote: String {
    guard needsMFA else { return "no MFA code needed now (cached)" }
    let asker = plugins.mfaPlugins.isEmpty
      ? "asked for" : "asked of plugin \(plugins.mfaPlugins.joined(separator: ", ")) (then the terminal)"
    return "an MFA code will be \(asker)"
  }

  /// The role profiles sharing the MFA session cached under `key`; nil without a configuration.
  package func profilesSharing(_ key: CacheKey?, sourceProfile: String, serial: String) -> [String]? {
    guard let config, let key else { return nil }
    return ProfileResolver(config: config, environment: environment)
      .profilesSharingMFASession(key, sourceProfile: sourceProfile, serial: serial)
  }

  /// The cache entry's path and state.
  package func describeCache(_ key: CacheKey) -> String {
    let path = cacheDirectory + "/" + key.fileName
    switch cacheState {
    case .none:
      return "\(path): not consulted (a step above it is cached)"
    case .missing:
      return "\(path): none yet"
    case .unreadable(let reason):
      return "\(path): \(reason); it will be replaced"
    case .present(let entry):
      let left = entry.expiration.seconds(after: now)
      if left <= 0 { return "\(path): expired at \(entry.expiration)" }
      let usable = entry.isUsable(at: now) ? "valid" : "inside the 15-minute refresh window"
      return "\(path): \(usable), expires \(entry.expiration) (in \(left / 60) min)"
    }
  }
}
