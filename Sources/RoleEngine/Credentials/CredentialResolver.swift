/// Carries out a `ResolutionPlan`: finds each hop's credentials, top hop first, so that a
/// cache hit on a role means its sources are never touched (no network, no MFA prompt).
///
/// Every AssumeRole and web-identity hop goes through the AWS CLI's cache under a per-key
/// lock: read, and only on a miss prompt / call STS / write.
package final class CredentialResolver {
  package let plan: ResolutionPlan
  package let config: AWSConfig
  package let environment: Environment
  package let cache: CredentialCache
  package let mfa: MFACodeSource
  package var clock: () -> Timestamp = { .now() }
  /// Plugins asked for MFA codes, tokens and `before_assume` decisions.
  package var plugins: PluginHost?
  /// The directory plugins are told about.
  package var directory = "/"
  /// Called to build the network transport the first time one is needed.
  private let makeTransport: () -> HTTPTransport
  private var transport: HTTPTransport?
  /// Keys whose lock this process already holds (two hops can share a role, hence a key).
  private var heldKeys = Set<CacheKey>()

  package init(
    plan: ResolutionPlan, config: AWSConfig, environment: Environment, cache: CredentialCache, mfa: MFACodeSource,
    transport: @escaping () -> HTTPTransport
  ) {
    self.plan = plan
    self.config = config
    self.environment = environment
    self.cache = cache
    self.mfa = mfa
    self.makeTransport = transport
  }

  private var network: HTTPTransport {
    if let transport { return transport }
    let made = makeTransport()
    transport = made
    return made
  }

  /// The top-level profile, whose settings pick the STS endpoint and region.
  private var topProfile: Profile? { config.profile(plan.profile) }

  /// The credentials the plan produces.
  package func resolve() throws -> AWSCredentials {
    guard !plan.steps.isEmpty else {
      throw ConfigError(.noCredentials, "profile \(plan.profile) resolves to no credentials", profile: plan.profile)
    }
    return try credentials(at: plan.steps.count - 1)
  }

  /// An STS client for this plan's top-level profile.
  package func stsClient() throws -> STSClient {
    let endpoint = try STSEndpoint.resolve(profile: topProfile, config: config, environment: environment, region: plan.region)
    var client = STSClient(transport: network, endpoint: endpoint)
    client.clock = clock
    if let timeout = environment.nonEmpty("ROLESH_STS_TIMEOUT").flatMap(Double.init), timeout > 0 { client.timeout = timeout }
    return client
  }

  private func describe(_ index: Int) -> String {
    let position = "hop \(index + 1) of \(plan.steps.count)"
    switch plan.steps[index] {
    case .staticKeys(let profile, let origin, _):
      return "static keys of profile \(profile) (\(origin.rawValue), \(position))"
    case .credentialSource(let profile, let source, _):
      return "credential source \(source.rawValue) of profile \(profile) (\(position))"
    case .credentialProcess(let profile, _, _):
      return "credential_process of profile \(profile) (\(position))"
    case .assumeRole(let step):
      return "assuming \(step.roleArn.displayText) (profile \(step.profile), \(position))"
    case .webIdentity(let step):
      return "assuming \(step.roleArn.displayText) with web identity (profile \(step.profile), \(position))"
    }
  }

  private func credentials(at index: Int) throws -> AWSCredentials {
    do {
      switch plan.steps[index] {
      case .staticKeys(let profile, let origin, _):
        return try staticKeys(profile: profile, origin: origin)
      case .credentialSource(let profile, let source, _):
        return try credentialSource(source, profile: profile)
      case .credentialProcess(let profile, let command, _):
        guard let profileValue = config.profile(profile) else { throw SourceError("profile \(profile) vanished") }
        return try CredentialProcess.run(command.displayText, profile: profileValue, now: clock)
      case .assumeRole(let step):
        return try cached(step.cacheKey) { try self.assumeRole(step, index: index) }
      case .webIdentity(let step):
        return try cached(step.cacheKey) { try self.webIdentity(step) }
      }
    } catch let error as CredentialError {
      throw error
    } catch {
      throw CredentialError(profile: plan.profile, hop: describe(index), underlying: error)
    }
  }

  /// Cache read → fetch → cache write, single-flight across processes.
  private func cached(_ key: CacheKey, fetch: @escaping () throws -> STSClient.RoleCredentials) throws -> AWSCredentials {
    if let hit = cache.read(key, now: clock()) { return hit }
    let body = { () throws -> AWSCredentials in
      // Another process may have written it while this one waited for the lock.
      if let hit = self.cache.read(key, now: self.clock(), quietly: true) { return hit }
      let fresh = try fetch()
      do {
        try self.cache.write(key, fresh)
      } catch {
        self.cache.warn("rolesh: warning: could not write the cache entry: \(error)")
      }
      return fresh.credentials
    }
    if heldKeys.contains(key) { return try body() }
    heldKeys.insert(key)
    defer { heldKeys.remove(key) }
    return try cache.withLock(key, body)
  }

  private func assumeRole(_ step: AssumeRoleStep, index: Int) throws -> STSClient.RoleCredentials {
    // Validate what botocore validates before sending (ParamValidationError).
    let roleArn = step.roleArn.displayText
    guard roleArn.count >= 20 else {
      throw ConfigError(
        .invalidParameter, "role_arn \"\(roleArn)\" of profile \(step.profile) is too short to be a role ARN",
        profile: plan.profile, location: step.location)
    }
    var parameters = [("RoleArn", roleArn), ("RoleSessionName", step.sessionName.displayText)]
    if step.sessionName.displayText.count < 2 {
      throw ConfigError(
        .invalidParameter, "role_session_name of profile \(step.profile) must be at least 2 characters",
        profile: plan.profile, location: step.location)
    }
    if let externalId = step.externalId {
      guard externalId.displayText.count >= 2 else {
        throw ConfigError(
          .invalidParameter, "external_id of profile \(step.profile) must be at least 2 characters",
          profile: plan.profile, location: step.location)
      }
      parameters.append(("ExternalId", externalId.displayText))
    }
    if let duration = step.durationSeconds {
      guard duration.count > 3 || (Int(duration) ?? 0) >= 900 else {
        throw ConfigError(
          .invalidParameter, "duration_seconds of profile \(step.profile) is \(duration); the minimum is 900",
          profile: plan.profile, location: step.location)
      }
      parameters.append(("DurationSeconds", duration))
    }
    // Plugins' context, built only when there are plugins to ask.
    let context = plugins.map { _ in pluginContext(step.profile, roleArn: roleArn, mfaSerial: step.mfaSerial?.displayText) }
    if let plugins, let context {
      for (answer, plugin) in try plugins.allAnswers(.beforeAssume, context) {
        if let reason = answer["deny"] {
          throw PluginError(plugin: plugin, message: "denied assuming \(roleArn): \(reason.stringValue ?? reason.serialized())", isDenial: true)
        }
        if let duration = answer["duration_seconds"] {
          guard case .number(let text) = duration, let seconds = Int(text), seconds >= 900 else {
            throw PluginError(plugin: plugin, message: "before_assume returned duration_seconds \(duration.serialized()); it must be a whole number of at least 900")
          }
          parameters.removeAll { $0.0 == "DurationSeconds" }
          parameters.append(("DurationSeconds", String(seconds)))
        }
        guard case .object(let fields) = answer, fields.allSatisfy({ ["deny", "duration_seconds"].contains($0.0) }) else {
          throw PluginError(plugin: plugin, message: "before_assume must return nil, {duration_seconds = N} or {deny = \"reason\"}")
        }
      }
    }
    let source = try credentials(at: index - 1)
    if let serial = step.mfaSerial {
      let code = try mfaCode(serial: serial.displayText, profile: step.profile, context: context)
      parameters.append(("SerialNumber", serial.displayText))
      parameters.append(("TokenCode", code))
    }
    return try stsClient().assumeRole(parameters, source: source)
  }

  /// A plugin's code if one answers (checked: six digits), else the configured source.
  private func mfaCode(serial: String, profile: String, context: PluginContext?) throws -> String {
    if let plugins, let context, let (answer, plugin) = try plugins.firstAnswer(.mfaCode, context) {
      guard let code = answer.stringValue, MFACode.isValid(code) else {
        throw PluginError(plugin: plugin, message: "mfa_code must return 6 digits or nil")
      }
      return code
    }
    return try mfa.code(serial: serial, profile: profile)
  }

  private func pluginContext(_ profile: String, roleArn: String, mfaSerial: String?) -> PluginContext {
    let hop = config.profile(profile)
    return PluginContext(
      profile: profile, roleArn: roleArn, mfaSerial: mfaSerial, sourceProfile: hop?.text("source_profile"),
      region: plan.region, defaultSessionName: SessionName.defaultName(user: environment.userName), directory: directory,
      user: environment.userName)
  }

  private func webIdentity(_ step: WebIdentityStep) throws -> STSClient.RoleCredentials {
    let path = step.tokenFile.displayText
    let token: String
    if let plugins, let (answer, plugin) = try plugins.firstAnswer(
      .webIdentityToken, pluginContext(step.profile, roleArn: step.roleArn.displayText, mfaSerial: nil))
    {
      guard let value = answer.stringValue, !value.isEmpty else {
        throw PluginError(plugin: plugin, message: "web_identity_token must return a non-empty string or nil")
      }
      token = value
    } else {
      token = try WebIdentityToken.read(path)
    }
    try WebIdentityToken.checkNotExpired(token, file: path, now: clock())
    let parameters = [
      ("RoleArn", step.roleArn.displayText), ("RoleSessionName", step.sessionName.displayText), ("WebIdentityToken", token),
    ]
    return try stsClient().assumeRoleWithWebIdentity(parameters)
  }

  private func staticKeys(profile: String, origin: StaticKeyOrigin) throws -> AWSCredentials {
    let section = origin == .credentialsFile ? config.credentialSection(profile) : config.configProfile(profile)
    guard let section, let accessKey = section["aws_access_key_id"]?.displayText,
      let secret = section["aws_secret_access_key"]?.displayText
    else { throw SourceError("profile \(profile) has no static keys") }
    let token = (section["aws_security_token"] ?? section["aws_session_token"])?.displayText
    return AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token,
      accountId: section["aws_account_id"]?.displayText)
  }

  private func credentialSource(_ source: CredentialSourceKind, profile: String) throws -> AWSCredentials {
    let empty = SourceError("no credentials found in credential source \(source.rawValue) of profile \(profile)")
    switch source {
    case .environment:
      guard let accessKey = environment.nonEmpty("AWS_ACCESS_KEY_ID"),
        let secret = environment.nonEmpty("AWS_SECRET_ACCESS_KEY")
      else { throw empty }
      return AWSCredentials(
        accessKeyId: accessKey, secretAccessKey: secret,
        sessionToken: environment.nonEmpty("AWS_SECURITY_TOKEN") ?? environment.nonEmpty("AWS_SESSION_TOKEN"),
        expiration: environment.nonEmpty("AWS_CREDENTIAL_EXPIRATION").flatMap { Timestamp(iso8601: $0) },
        accountId: environment.nonEmpty("AWS_ACCOUNT_ID"))
    case .ec2InstanceMetadata:
      guard let credentials = try metadata().instanceMetadata() else { throw empty }
      return credentials
    case .ecsContainer:
      guard let credentials = try metadata().container() else { throw empty }
      return credentials
    }
  }

  private func metadata() -> MetadataCredentials {
    MetadataCredentials(transport: network, environment: environment, profile: topProfile)
  }
}
