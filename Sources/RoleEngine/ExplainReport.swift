import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh explain`: the plan, with the plugins that shape it and the STS and
/// IAM Identity Center endpoints it uses.
package enum ExplainReport {
  /// `rolesh explain [PROFILE] [--json]`: the report for stdout. With `json`, a configuration
  /// error is also given to `printJSON` as `{"error": …}` before it is thrown.
  /// `role`: a role named on the command line (`explain --role-arn …`), planned instead of a
  /// profile.
  package static func output(profile: String?, role: OneOffRole? = nil, json: Bool, runtime: Runtime, printJSON: (String) -> Void) throws
    -> String
  {
    let selection = role.map { ProfileSelection.explicit($0.name) } ?? ProfileSelection.choose(argument: profile, environment: runtime.environment)
    do {
      let report = try make(selection, runtime: runtime, role: role)
      return json ? report.json.serialized() : report.text
    } catch let error as ConfigError {
      if json { printJSON(PlanReport.json(for: error, profile: error.profile ?? selection.name).serialized()) }
      throw error
    }
  }

  package static func make(_ selection: ProfileSelection, runtime: Runtime, role: OneOffRole? = nil) throws -> PlanReport {
    let environment = runtime.environment
    var config = try runtime.config()
    if let role { config = try role.adding(to: config) }
    let directory = environment.workingDirectory
    let plugins = try runtime.loadPlugins(directory)
    try plugins?.requireLoaded()
    var resolver = ProfileResolver(config: config, environment: environment)
    resolver.plugins = plugins
    resolver.directory = directory
    let plan = try resolver.resolve(selection)
    var report = PlanReport(
      plan: plan, cacheDirectory: CredentialCache.directory(environment), now: .now(), environment: environment)
    report.config = config
    report.plugins = PluginSummary(
      tokenPlugins: plugins?.plugins(defining: .webIdentityToken) ?? [], mfaPlugins: plugins?.plugins(defining: .mfaCode) ?? [])
    // The endpoint resolution would use, when a step calls STS.
    if plan.steps.contains(where: \.callsSTS) {
      do {
        report.endpoint = try STSEndpoint.resolve(profile: config.profile(plan.profile), config: config, environment: environment, region: plan.region)
          .description
      } catch {
        report.endpoint = "cannot be used: \(error)"
      }
    }
    if let region = plan.steps.first?.identityCenterRegion {
      do {
        let endpoints = try SSOEndpoints.resolve(
          region: region, profile: config.profile(plan.profile), config: config, environment: environment)
        report.ssoEndpoints = "portal \(endpoints.portal), OIDC \(endpoints.oidc)"
      } catch {
        report.ssoEndpoints = "cannot be used: \(error)"
      }
    }
    return report
  }
}

/// `rolesh explain` output: the JSON schema of docs/contract.md and a human-readable form. Every
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
          ("line", error.location.flatMap { $0.isCommandLine ? nil : .number(String($0.line)) } ?? .null),
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
