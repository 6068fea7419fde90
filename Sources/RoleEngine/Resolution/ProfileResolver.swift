/// Turns a profile into a `ResolutionPlan` exactly as botocore's credential chain would
/// resolve it at load time (spec §2–§3), without calling STS, prompting or running processes.
///
/// The order of checks mirrors `AssumeRoleProvider`, `AssumeRoleWithWebIdentityProvider` and
/// `ProfileProviderBuilder`, because the error a misconfigured profile gets depends on it.
package struct ProfileResolver {
  package var config: AWSConfig
  package var environment: Environment
  /// The session name used when a profile configures none (design.md §4).
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
    var run = Run(resolver: self, top: selection.name)
    let steps = try run.resolveTop(selection)
    return ResolutionPlan(profile: selection.name, region: region(for: selection.name), steps: steps)
  }

  /// `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region` (CLI v2 order).
  package func region(for profile: String) -> String? {
    environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? config.profile(profile)?.text("region")
  }

  /// One resolution: the visited list lives here, as in botocore's provider object.
  private struct Run {
    let resolver: ProfileResolver
    let top: String
    var visited: [String]
    var steps: [ResolutionStep] = []

    init(resolver: ProfileResolver, top: String) {
      self.resolver = resolver
      self.top = top
      self.visited = [top]
    }

    var config: AWSConfig { resolver.config }
    var environment: Environment { resolver.environment }

    func fail(_ code: ConfigError.Code, _ message: String, at location: SourceLocation? = nil) -> ConfigError {
      ConfigError(code, message, profile: top, location: location)
    }

    // MARK: The main chain (spec §2.1), with the environment-key provider left out: rolesh
    // treats every profile as explicit there, and sets those variables itself.

    mutating func resolveTop(_ selection: ProfileSelection) throws -> [ResolutionStep] {
      let name = selection.name
      guard let profile = config.profile(name) else {
        if case .implicitDefault = selection, let step = try webIdentity(nil, name: name, useEnvironment: true) {
          return [step]
        }
        var message = "the config profile (\(name)) could not be found in \(config.configPath) or \(config.credentialsPath)"
        if case .environment(_, let variable) = selection { message += " (it was named by \(variable))" }
        throw fail(.profileNotFound, message)
      }
      if Self.isRoleProfile(profile) {
        try assumeRole(profile)
        return steps
      }
      if let step = try webIdentity(profile, name: name, useEnvironment: !selection.isExplicit) {
        return [step]
      }
      if let step = try profileProviders(profile) { return [step] }
      if let step = fallbackSource(name) { return [step] }
      throw fail(
        .noCredentials,
        "profile \(name) has no credentials: it sets none of role_arn, web_identity_token_file, credential_process or aws_access_key_id",
        at: profile.location)
    }

    /// botocore's `_has_assume_role_config_vars`.
    static func isRoleProfile(_ profile: Profile) -> Bool {
      profile.has("role_arn") && !profile.has("web_identity_token_file")
    }

    static func hasStaticKeys(_ profile: Profile) -> Bool {
      profile.has("aws_access_key_id") || profile.has("aws_secret_access_key")
    }

    // MARK: AssumeRole (spec §2.2–§2.4)

    mutating func assumeRole(_ profile: Profile) throws {
      let name = profile.name
      let sourceProfile = profile["source_profile"]
      let credentialSource = profile["credential_source"]
      // A nested block where a number or a name belongs (`duration_seconds =` followed by an
      // indented `k = v` line) crashes botocore with a TypeError; rolesh says what it is.
      if case .nested? = profile["duration_seconds"] { throw nestedValue("duration_seconds", profile) }
      if sourceProfile != nil && credentialSource != nil {
        throw fail(
          .bothSources, "the profile \"\(name)\" contains both source_profile and credential_source; keep one",
          at: profile.location(of: "credential_source"))
      }
      if sourceProfile == nil && credentialSource == nil {
        throw fail(
          .noSource,
          "partial credentials found in assume-role, missing: source_profile or credential_source (profile \(name) sets role_arn without a source)",
          at: profile.location(of: "role_arn"))
      }
      if let credentialSource {
        guard let text = credentialSource.text, let kind = CredentialSourceKind(rawValue: text) else {
          throw fail(
            .invalidCredentialSource,
            "the credential source \"\(credentialSource.displayText)\" referenced in profile \"\(name)\" is not valid; use Environment, Ec2InstanceMetadata or EcsContainer (case matters)",
            at: profile.location(of: "credential_source"))
        }
        steps.append(try credentialSourceStep(kind, profile: profile))
      } else if let sourceProfile {
        let sourceName = try validateSourceProfile(sourceProfile, parent: profile)
        visited.append(sourceName)
        try resolveSource(sourceName)
      }
      steps.append(.assumeRole(try assumeRoleStep(profile)))
    }

    func nestedValue(_ key: String, _ profile: Profile) -> ConfigError {
      fail(
        .configParse, "\(key) of profile \(profile.name) is a nested block of `key = value` lines, not a value",
        at: profile.location(of: key))
    }

    /// botocore's `_validate_source_profile`.
    func validateSourceProfile(_ value: INIValue, parent: Profile) throws -> String {
      if case .nested = value { throw nestedValue("source_profile", parent) }
      let location = parent.location(of: "source_profile")
      guard let sourceName = value.text, let source = config.profile(sourceName) else {
        throw fail(
          .sourceProfileMissing,
          "the source_profile \"\(value.displayText)\" referenced in the profile \"\(parent.name)\" does not exist",
          at: location)
      }
      guard visited.contains(sourceName) else { return sourceName }
      // A profile may name itself to use its own static keys; anything else that comes back
      // to a visited profile is a loop.
      if sourceName != parent.name || !Self.hasStaticKeys(source) {
        throw fail(
          .infiniteLoop,
          "infinite loop in credential configuration detected. Attempting to load from profile \(sourceName) which has already been visited. Visited profiles: \(PythonText.repr(visited))",
          at: location)
      }
      return sourceName
    }

    /// botocore's `_resolve_credentials_from_profile`: static keys (or no role) use the
    /// source-profile chain; otherwise the source's own role is assumed. This is the
    /// asymmetry of spec §2.3: a source with keys and `role_arn` uses its keys.
    mutating func resolveSource(_ name: String) throws {
      guard let profile = config.profile(name) else { return }
      if Self.hasStaticKeys(profile) || !Self.isRoleProfile(profile) {
        guard let step = try sourceProfileChain(profile) else {
          throw fail(
            .sourceWithoutCredentials,
            "the source profile \"\(name)\" must have credentials (static keys, credential_process, web identity or a role)",
            at: profile.location)
        }
        steps.append(step)
      } else {
        try assumeRole(profile)
      }
    }

    func assumeRoleStep(_ profile: Profile) throws -> AssumeRoleStep {
      let roleArn = profile["role_arn"] ?? .text("")
      let configuredName = profile["role_session_name"]
      let duration = profile.text("duration_seconds").flatMap(PythonText.parseInt)
      let (sessionName, origin) = try sessionName(configured: configuredName, origin: .config, profile: profile, roleArn: roleArn)
      let arguments = CacheKey.Arguments(
        roleArn: roleArn,
        roleSessionName: origin == .default ? nil : sessionName,
        externalId: profile["external_id"],
        serialNumber: profile["mfa_serial"],
        durationSeconds: duration)
      return AssumeRoleStep(
        profile: profile.name, roleArn: roleArn, sessionName: sessionName, sessionNameOrigin: origin,
        externalId: profile["external_id"], mfaSerial: profile["mfa_serial"], durationSeconds: duration,
        cacheKey: CacheKey(arguments), location: profile.location(of: "role_arn"))
    }

    /// A configured name counts only when it is non-empty (botocore: `if not name: generate`);
    /// then a plugin's `session_name`; then the default.
    func sessionName(configured: INIValue?, origin: SessionNameOrigin, profile: Profile?, roleArn: INIValue) throws
      -> (INIValue, SessionNameOrigin)
    {
      if let configured, configured.isTruthy { return (configured, origin) }
      if let plugins = resolver.plugins {
        let context = PluginContext(
          profile: profile?.name ?? top, roleArn: roleArn.displayText, mfaSerial: profile?.text("mfa_serial"),
          sourceProfile: profile?.text("source_profile"), region: resolver.region(for: top),
          defaultSessionName: resolver.defaultSessionName, directory: resolver.directory, user: environment.userName)
        if let (value, plugin) = try plugins.firstAnswer(.sessionName, context) {
          guard let name = value.stringValue else {
            throw PluginError(plugin: plugin, message: "session_name must return a string or nil, not \(value.serialized())")
          }
          guard SessionNameRule.isValid(name) else {
            throw PluginError(
              plugin: plugin,
              message: "session_name returned \(name.debugDescription), which STS rejects: use 2 to 64 letters, digits or +=,.@_-")
          }
          return (.text(name), .plugin)
        }
      }
      return (.text(resolver.defaultSessionName), .default)
    }

    // MARK: credential_source (spec §2.4)

    func credentialSourceStep(_ kind: CredentialSourceKind, profile: Profile) throws -> ResolutionStep {
      let location = profile.location(of: "credential_source")
      let empty = fail(
        .noCredentials,
        "error when retrieving credentials from \(kind.rawValue): no credentials found in credential_source referenced in profile \(profile.name)",
        at: location)
      switch kind {
      case .environment:
        guard environment.nonEmpty("AWS_ACCESS_KEY_ID") != nil else { throw empty }
        guard environment.nonEmpty("AWS_SECRET_ACCESS_KEY") != nil else {
          throw fail(.partialCredentials, "partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY", at: location)
        }
      case .ecsContainer:
        guard ContainerEndpoint.isConfigured(environment) else { throw empty }
      case .ec2InstanceMetadata:
        guard !environment.isTrue("AWS_EC2_METADATA_DISABLED") else { throw empty }
      }
      return .credentialSource(profile: profile.name, source: kind, location: location)
    }

    /// After every profile-based provider: the container endpoint, then instance metadata.
    func fallbackSource(_ name: String) -> ResolutionStep? {
      if ContainerEndpoint.isConfigured(environment) {
        return .credentialSource(profile: name, source: .ecsContainer, location: nil)
      }
      if !environment.isTrue("AWS_EC2_METADATA_DISABLED") {
        return .credentialSource(profile: name, source: .ec2InstanceMetadata, location: nil)
      }
      return nil
    }

    // MARK: Profile-based providers

    /// The source-profile chain: web identity (profile keys only), then the profile providers.
    func sourceProfileChain(_ profile: Profile) throws -> ResolutionStep? {
      if let step = try webIdentity(profile, name: profile.name, useEnvironment: false) { return step }
      return try profileProviders(profile)
    }

    /// SSO, credentials-file keys, login, credential_process, config-file keys — in
    /// botocore's order.
    func profileProviders(_ profile: Profile) throws -> ResolutionStep? {
      let name = profile.name
      if profile.has("sso_account_id") || profile.has("sso_role_name") {
        throw fail(
          .noCredentials,
          "profile \(name) uses IAM Identity Center (SSO), which rolesh does not resolve yet; use `aws sso login` and AWS_PROFILE",
          at: profile.location(of: profile.has("sso_account_id") ? "sso_account_id" : "sso_role_name"))
      }
      if let section = config.credentialSection(name), let step = try staticKeys(section, profile: name, origin: .credentialsFile) {
        return step
      }
      if profile.has("login_session") {
        throw fail(
          .noCredentials, "profile \(name) uses `aws login` sessions, which rolesh does not resolve yet",
          at: profile.location(of: "login_session"))
      }
      if let command = profile["credential_process"] {
        // botocore splits the command at load and crashes on an empty or unbalanced one.
        guard let text = command.text, let words = PythonText.shlexSplit(text), !words.isEmpty else {
          throw fail(
            .noCredentials,
            "credential_process of profile \(name) is empty or cannot be split into words (check its quotes)",
            at: profile.location(of: "credential_process"))
        }
        return .credentialProcess(profile: name, command: command, location: profile.location(of: "credential_process"))
      }
      if let section = config.configProfile(name), let step = try staticKeys(section, profile: name, origin: .configFile) {
        return step
      }
      return nil
    }

    func staticKeys(_ section: INISection, profile: String, origin: StaticKeyOrigin) throws -> ResolutionStep? {
      guard let accessKey = section.entries["aws_access_key_id"] else { return nil }
      guard section.entries["aws_secret_access_key"] != nil else {
        let provider = origin == .credentialsFile ? "shared-credentials-file" : "config-file"
        throw fail(
          .partialCredentials, "partial credentials found in \(provider), missing: aws_secret_access_key (profile \(profile))",
          at: accessKey.location)
      }
      return .staticKeys(profile: profile, origin: origin, location: accessKey.location)
    }

    // MARK: Web identity (spec §3.2)

    /// Each setting separately: the environment variable (when allowed and set, even empty),
    /// else the profile key.
    func webIdentity(_ profile: Profile?, name: String, useEnvironment: Bool) throws -> ResolutionStep? {
      func setting(_ key: String, _ variable: String) -> (INIValue, SourceLocation?)? {
        if useEnvironment, let value = environment[variable] { return (.text(value), nil) }
        guard let profile, let entry = profile.entries[key] else { return nil }
        return (entry.value, entry.location)
      }
      guard let (tokenFile, tokenLocation) = setting("web_identity_token_file", "AWS_WEB_IDENTITY_TOKEN_FILE"),
        tokenFile.isTruthy
      else { return nil }
      guard let (roleArn, _) = setting("role_arn", "AWS_ROLE_ARN"), roleArn.isTruthy else {
        throw fail(
          .webIdentityNoRole,
          "profile \(name) (or the environment) is configured to assume a role with web identity but has no role ARN: set role_arn in the profile or AWS_ROLE_ARN",
          at: tokenLocation)
      }
      let configured = setting("role_session_name", "AWS_ROLE_SESSION_NAME")
      let configuredOrigin: SessionNameOrigin = configured != nil && configured?.1 == nil ? .environment : .config
      let (sessionName, origin) = try sessionName(configured: configured?.0, origin: configuredOrigin, profile: profile, roleArn: roleArn)
      let key = CacheKey(CacheKey.Arguments(roleArn: roleArn, roleSessionName: origin == .default ? nil : sessionName))
      return .webIdentity(
        WebIdentityStep(
          profile: name, roleArn: roleArn, tokenFile: tokenFile, sessionName: sessionName, sessionNameOrigin: origin,
          cacheKey: key, location: tokenLocation, fromEnvironment: tokenLocation == nil))
    }
  }
}

/// The ECS/container credential endpoint settings (spec §7.2).
package enum ContainerEndpoint {
  /// botocore fires the container provider when either URI variable is present.
  package static func isConfigured(_ environment: Environment) -> Bool {
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil
      || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
  }
}

/// The default role session name.
package enum SessionName {
  /// `rolesh-<user>`, reduced to STS's alphabet `[\w+=,.@-]` and 64 characters.
  package static func defaultName(user: String) -> String {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-".unicodeScalars)
    var name = "rolesh-"
    for scalar in user.unicodeScalars {
      name.unicodeScalars.append(allowed.contains(scalar) ? scalar : "-")
    }
    return String(name.unicodeScalars.prefix(64))
  }
}
