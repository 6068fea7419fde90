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

  /// `explain`'s note on an `mfa_serial`.
  package var mfaNote: String {
    guard needsMFA else { return "no MFA code needed now (cached)" }
    let asker = plugins.mfaPlugins.isEmpty
      ? "asked for" : "asked of plugin \(plugins.mfaPlugins.joined(separator: ", ")) (then the terminal)"
    return "an MFA code will be \(asker)"
  }

  /// The role profiles whose own hop is assumed with the credentials cached under `key`,
  /// found by planning every profile (no network); nil without a configuration.
  package func profilesSharing(_ key: CacheKey?) -> [String]? {
    guard let config, let key else { return nil }
    let resolver = ProfileResolver(config: config, environment: environment)
    return config.profileOrder.filter { name in
      guard let plan = try? resolver.resolve(.explicit(name)), plan.steps.count >= 2 else { return false }
      return plan.steps[plan.steps.count - 2].cacheKey == key
    }
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

/// `rolesh explain` output: the JSON schema of design.md §1 and a human-readable form. Every
/// step reports itself; this type adds what spans steps (which cache entries are consulted,
/// which steps will need an MFA code).
package struct PlanReport {
  package var plan: ResolutionPlan
  /// Where cache entries live (`~/.aws/cli/cache`).
  package var cacheDirectory: String
  package var now: Timestamp
  package var plugins = PluginSummary()
  package var environment: Environment
  /// The configuration the plan came from (some steps report on other profiles).
  package var config: AWSConfig?
  /// The STS endpoint the plan's calls go to, or why it cannot be used.
  package var endpoint: String?
  /// IAM Identity Center's endpoints, when the plan starts with an SSO step.
  package var ssoEndpoints: String?

  package init(plan: ResolutionPlan, cacheDirectory: String, now: Timestamp, environment: Environment) {
    self.plan = plan
    self.cacheDirectory = cacheDirectory
    self.now = now
    self.environment = environment
  }

  // MARK: JSON (keep stable: tests and other tools read it)

  package var json: JSON {
    .object([
      ("profile", .string(plan.profile)),
      ("region", .optional(plan.region)),
      ("steps", .array(stepContexts().map { plan.steps[$0.index].json($0.context) })),
    ])
  }

  /// `{"error": {...}}` for a failed resolution.
  package static func json(for error: ConfigError, profile: String) -> JSON {
    .object([
      (
        "error",
        .object([
          ("code", .string(error.code.rawValue)),
          ("message", .string(error.message)),
          ("profile", .string(error.profile ?? profile)),
          ("file", .optional(error.location?.file)),
          ("line", error.location.map { .number(String($0.line)) } ?? .null),
        ])
      )
    ])
  }

  // MARK: Human form

  /// Cache states of the cached steps, and which steps will need an MFA code: walking down
  /// from the top, a usable cache entry ends the walk (sources of a cached step are never
  /// resolved).
  package func cacheStates() -> (states: [Int: CacheEntry.State], mfaNeeded: Set<Int>) {
    var states: [Int: CacheEntry.State] = [:]
    var mfaNeeded = Set<Int>()
    var index = plan.steps.count - 1
    while index >= 0 {
      let step = plan.steps[index]
      if let key = step.cacheKey {
        let state = CacheEntry.inspect(cacheDirectory + "/" + key.fileName)
        states[index] = state
        if state.isUsable(at: now) { break }
        if step.mfaSerial != nil { mfaNeeded.insert(index) }
      } else if step.mfaSerial != nil {
        mfaNeeded.insert(index)
      }
      index -= 1
    }
    return (states, mfaNeeded)
  }

  /// Each step's report context, innermost first.
  func stepContexts() -> [(index: Int, context: StepReportContext)] {
    let (states, mfaNeeded) = cacheStates()
    return plan.steps.indices.map { index in
      (
        index,
        StepReportContext(
          now: now, cacheDirectory: cacheDirectory, cacheState: states[index], needsMFA: mfaNeeded.contains(index),
          plugins: plugins, environment: environment, config: config)
      )
    }
  }

  package var text: String {
    var lines: [String] = []
    lines.append("profile \(plan.profile) (\(plan.region.map { "region \($0)" } ?? "no region"))")
    if let endpoint { lines.append("  STS endpoint \(endpoint)") }
    if let ssoEndpoints { lines.append("  SSO endpoints \(ssoEndpoints)") }
    for (index, context) in stepContexts() {
      let step = plan.steps[index]
      let number = "\(index + 1). "
      let pad = String(repeating: " ", count: number.count + 2)
      for (offset, line) in step.explain(context).enumerated() {
        lines.append(offset == 0 ? "  \(number)\(line)" : pad + line)
      }
    }
    return lines.joined(separator: "\n")
  }
}
