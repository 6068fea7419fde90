import RoleshAWS
import RoleshConfig
import RoleshSupport

/// Turns a profile into a `ResolutionPlan` exactly as botocore's credential chain would
/// resolve it at load time, without calling STS, prompting or running processes.
///
/// The order of checks mirrors `AssumeRoleProvider`, `AssumeRoleWithWebIdentityProvider` and
/// `ProfileProviderBuilder` (through `ProviderRegistry`), because the error a misconfigured
/// profile gets depends on it.
package struct ProfileResolver {
  package var config: AWSConfig
  package var environment: Environment
  /// The session name used when a profile configures none (docs/contract.md, "Credentials").
  package var defaultSessionName: String
  /// Plugins asked for a session name before the default is used.
  package var plugins: PluginHost?
  /// The directory plugins are told about.
  package var directory: String = "/"

  package init(config: AWSConfig, environment: Environment, defaultSessionName: String? = nil) {
    self.config = config
    self.environment = environment
    self.defaultSessionName = defaultSessionName ?? SessionName.defaultName(user: environment.userName)
  }

  /// Resolves the selected profile.
  package func resolve(_ selection: ProfileSelection) throws -> ResolutionPlan {
    var planner = ProfilePlanner(resolver: self, top: selection.name, allowsEnvironment: !selection.isExplicit)
    try planner.planTop(selection)
    return ResolutionPlan(profile: selection.name, region: region(for: selection.name), steps: planner.steps)
  }

  /// `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` (CLI v2 order).
  package func region(for profile: String) -> String? {
    environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? config.profile(profile)?.text("region")
  }
}

/// One resolution in progress: the visited list lives here, as in botocore's provider object,
/// and sources append their steps to `steps`.
package struct ProfilePlanner {
  package let resolver: ProfileResolver
  /// The top-level profile (errors name it).
  package let top: String
  /// Whether the web-identity environment variables apply (a top-level, non-explicit profile).
  package var allowsEnvironment: Bool
  /// botocore's visited list, for loop detection.
  package var visited: [String]
  /// Innermost first.
  package var steps: [any ResolutionStep] = []
  /// Hops of `source_profile` followed so far. botocore recurses once per hop; a chain of
  /// thousands is a configuration error here, not a stack overflow.
  private var depth = 0
  package static let maximumDepth = 64

  init(resolver: ProfileResolver, top: String, allowsEnvironment: Bool) {
    self.resolver = resolver
    self.top = top
    self.allowsEnvironment = allowsEnvironment
    self.visited = [top]
  }

  package var config: AWSConfig { resolver.config }
  package var environment: Environment { resolver.environment }

  /// A configuration error about the top-level profile.
  package func fail(_ code: ConfigError.Code, _ message: String, at location: SourceLocation? = nil) -> ConfigError {
    ConfigError(code, message, profile: top, location: location)
  }

  /// The main chain for the selected profile.
  mutating func planTop(_ selection: ProfileSelection) throws {
    let name = selection.name
    guard let profile = config.profile(name) else {
      if case .implicitDefault = selection, try WebIdentityProvider.planFromEnvironment(name: name, &self) { return }
      var message = "the config profile (\(name)) could not be found in \(config.configPath) or \(config.credentialsPath)"
      if case .environment(_, let variable) = selection { message += " (it was named by \(variable))" }
      let suggestions = ProfileSuggestions.closest(to: name, among: config.profileOrder)
      if !suggestions.isEmpty { message += "; did you mean \(suggestions.joined(separator: ", "))?" }
      throw fail(.profileNotFound, message)
    }
    for source in ProviderRegistry.profileProviders where try source.plan(profile, &self) { return }
    for source in ProviderRegistry.fallbackProviders where try source.plan(profile, &self) { return }
    throw fail(
      .noCredentials,
      "profile \(name) has no credentials: it sets none of role_arn, web_identity_token_file, sso_account_id, credential_process or aws_access_key_id",
      at: profile.location)
  }

  /// botocore's `_resolve_credentials_from_profile` for a `source_profile`: static keys (or
  /// no role) use the profile providers; otherwise the source's own role is assumed. This is
  /// botocore's asymmetry: a source with keys and `role_arn` uses its keys.
  package mutating func planSourceProfile(_ name: String) throws {
    guard let profile = config.profile(name) else { return }
    depth += 1
    defer { depth -= 1 }
    guard depth <= Self.maximumDepth else {
      throw fail(
        .infiniteLoop,
        "the source_profile chain from profile \(top) is more than \(Self.maximumDepth) profiles long; check source_profile settings",
        at: profile.location(of: "source_profile"))
    }
    let environment = allowsEnvironment
    allowsEnvironment = false
    defer { allowsEnvironment = environment }
    if AssumeRoleProvider.hasStaticKeys(profile) || !AssumeRoleProvider.isRoleProfile(profile) {
      for source in ProviderRegistry.profileProviders where !source.assumesRoles {
        if try source.plan(profile, &self) { return }
      }
      throw fail(
        .sourceWithoutCredentials,
        "the source profile \"\(name)\" must have credentials (static keys, credential_process, web identity, SSO or a role)",
        at: profile.location)
    }
    _ = try AssumeRoleProvider().plan(profile, &self)
  }

  /// A configured name counts only when it is non-empty (botocore: `if not name: generate`);
  /// then a plugin's `session_name`; then the default.
  package func sessionName(configured: INIValue?, origin: SessionNameOrigin, profile: Profile?, roleArn: INIValue) throws
    -> (name: INIValue, origin: SessionNameOrigin)
  {
    if let configured, configured.isTruthy { return (configured, origin) }
    if let plugins = resolver.plugins {
      let context = PluginContext(
        describing: profile?.name ?? top, in: config, environment: environment, roleArn: roleArn.displayText,
        region: resolver.region(for: top), directory: resolver.directory)
      if let answer = try plugins.sessionName(context) { return (.text(answer.name), answer.keyed ? .plugin : .sharedPlugin) }
    }
    return (.text(resolver.defaultSessionName), .default)
  }
}

extension ProfileResolver {
  /// The role profiles whose own hop is assumed with the MFA session cached under `key` — the
  /// session of `sourceProfile`'s keys and device `serial` (no network). Only a profile naming
  /// `sourceProfile` itself can share it, so a byte scan of the files finds the candidates and
  /// only those are planned: this costs what the sharing roles cost, not the whole config.
  package func profilesSharingMFASession(_ key: CacheKey, sourceProfile: String, serial: String) -> [String] {
    let candidates = config.profiles(mayHave: "source_profile", equalTo: sourceProfile) ?? config.profileOrder
    return candidates.filter { name in
      guard let profile = config.profile(name), profile.text("source_profile") == sourceProfile,
        profile.text("mfa_serial") == serial
      else { return false }
      guard let plan = try? resolve(.explicit(name)), plan.steps.count >= 2 else { return false }
      return plan.steps[plan.steps.count - 2].cacheKey == key
    }
  }
}
