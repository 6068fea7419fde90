import RoleshAWS
import RoleshConfig
import RoleshSupport

extension Environment {
  /// Seconds one STS or IAM Identity Center request may take: `ROLESH_STS_TIMEOUT`, else 30.
  /// Read here only, when a request is about to be made (a bad value never stops a cache hit).
  package func requestTimeout() throws -> Double {
    try seconds("ROLESH_STS_TIMEOUT", default: 30, within: 0.1...600)
  }
}

/// What every step's fetch may use: the configuration, the network (created on first use),
/// the cache, MFA codes and plugins. One per resolution.
package final class FetchContext {
  package let plan: ResolutionPlan
  package let config: AWSConfig
  package let environment: Environment
  package let cache: CredentialCache
  package let mfa: MFACodeSource
  /// Plugins asked for MFA codes, tokens and `before_assume` decisions.
  package var plugins: PluginHost?
  /// The directory plugins are told about.
  package var directory = "/"
  package var clock: () -> Timestamp = { .now() }
  /// Sleeps between retried calls (tests replace it).
  package var sleep: (Double) -> Void = MonotonicClock.sleep
  /// The key store called by name (`secret-service`, `pass`), for stored keys.
  package var secrets: (String) -> SecretStore = { name in
    UnavailableSecretStore(name: name, reason: "no key store is available to this resolution")
  }
  /// stdin of `credential_process`: the terminal for commands a person runs, `/dev/null` from
  /// the prompt hook (which must never wait for input).
  package var processInput: Subprocess.Input = .inherit
  /// How long one `credential_process` run may take (`ROLESH_PROCESS_TIMEOUT`).
  package var processTimeout: Double = 60
  /// Seconds the top step's cached credentials must still have to be used (the credential
  /// server asks for more than the CLI's 15 minutes, so what it serves outlives botocore's
  /// refresh window).
  package var minimumLifetime = CredentialCache.expiryWindow
  private let makeTransport: () -> HTTPTransport
  private var transport: HTTPTransport?

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

  /// The HTTP transport, made the first time a step needs the network.
  package var network: HTTPTransport {
    if let transport { return transport }
    let made = makeTransport()
    transport = made
    return made
  }

  /// The top-level profile, whose settings pick endpoints and metadata options.
  package var topProfile: Profile? { config.profile(plan.profile) }

  /// An STS client for the top-level profile's endpoint and region.
  package func stsClient() throws -> STSClient {
    let endpoint = try STSEndpoint.resolve(profile: topProfile, config: config, environment: environment, region: plan.region)
    var client = STSClient(transport: network, endpoint: endpoint)
    client.clock = clock
    client.sleep = sleep
    client.timeout = try environment.requestTimeout()
    return client
  }

  /// IAM Identity Center's clients for `region`, at the top-level profile's endpoints.
  package func ssoClients(region: String) throws -> (portal: SSOPortalClient, oidc: SSOOIDCClient) {
    let endpoints = try SSOEndpoints.resolve(region: region, profile: topProfile, config: config, environment: environment)
    let timeout = try environment.requestTimeout()
    var portal = SSOPortalClient(transport: network, endpoint: endpoints.portal)
    portal.rest.sleep = sleep
    portal.rest.timeout = timeout
    var oidc = SSOOIDCClient(transport: network, endpoint: endpoints.oidc)
    oidc.rest.sleep = sleep
    oidc.rest.timeout = timeout
    return (portal, oidc)
  }

  /// What SSO token refreshes need, from this resolution.
  package var ssoTokenContext: SSOTokenContext {
    SSOTokenContext(environment: environment, clock: clock, oidc: { try self.ssoClients(region: $0).oidc }, warn: cache.warn)
  }

  /// The context plugins see for a hop of `profile`.
  package func pluginContext(_ profile: String, roleArn: String?) -> PluginContext {
    PluginContext(describing: profile, in: config, environment: environment, roleArn: roleArn, region: plan.region, directory: directory)
  }

  /// An MFA code for `serial`: a plugin's if one answers, else the configured source's.
  package func mfaCode(serial: String, profile: String, context: PluginContext?) throws -> String {
    if let plugins, let context, let code = try plugins.mfaCode(context) { return code }
    return try mfa.code(serial: serial, profile: profile)
  }

  /// `call` with an MFA code for `serial`. When STS refuses the code itself (a mistyped or an
  /// old code) and a person typed it, the person is asked again, three times in all; a code
  /// from a plugin or `--mfa-code` is tried once.
  package func withMFACode<T>(serial: String, profile: String, context: PluginContext?, _ call: (String) throws -> T) throws -> T {
    if let plugins, let context, let code = try plugins.mfaCode(context) { return try call(code) }
    var attempt = 1
    while true {
      let code = try mfa.code(serial: serial, profile: profile)
      do {
        return try call(code)
      } catch let error as STSError where error.refusesMFACode && mfa.asksAgain && attempt < 3 {
        cache.warn("rolesh: STS refused that MFA code (\(error.code)); enter the current one")
        attempt += 1
      }
    }
  }
}

/// Carries out a `ResolutionPlan`: finds each hop's credentials, top hop first, so that a
/// cache hit on a role means its sources are never touched (no network, no MFA prompt).
///
/// Every step with a cache entry goes through the cache under a per-key lock: read, and only on
/// a miss prompt / call out / write.
package final class CredentialResolver {
  package let context: FetchContext
  /// Keys whose lock this process already holds (two hops can share a role, hence a key).
  /// An array, not a Set: it holds one or two keys, and a Set of a new key type costs a
  /// run-time conformance lookup on the warm path.
  private var heldKeys: [String] = []

  package init(_ context: FetchContext) {
    self.context = context
  }

  package var plan: ResolutionPlan { context.plan }

  /// The credentials the plan produces.
  package func resolve() throws -> AWSCredentials {
    guard !plan.steps.isEmpty else {
      throw ConfigError(.noCredentials, "profile \(plan.profile) resolves to no credentials", profile: plan.profile)
    }
    return try credentials(at: plan.steps.count - 1)
  }

  private func credentials(at index: Int) throws -> AWSCredentials {
    let step = plan.steps[index]
    let source = { () throws -> AWSCredentials in
      guard index > 0 else { throw SourceError("\(step.action) has no source credentials") }
      return try self.credentials(at: index - 1)
    }
    do {
      let credentials: AWSCredentials
      if let key = step.cacheKey {
        let window = index == plan.steps.count - 1 ? max(context.minimumLifetime, CredentialCache.expiryWindow) : CredentialCache.expiryWindow
        credentials = try cached(key, window: window) { try step.fetch(self.context, source: source) }
      } else {
        credentials = try step.fetch(context, source: source).credentials
      }
      guard credentials.isPrintable else {
        throw SourceError("the credentials contain control characters (a NUL or a line break); refusing them")
      }
      return credentials
    } catch let error as CredentialError {
      throw error
    } catch {
      throw CredentialError(profile: plan.profile, hop: "\(step.action), hop \(index + 1) of \(plan.steps.count)", underlying: error)
    }
  }

  /// Cache read → fetch → cache write, single-flight across processes.
  private func cached(_ key: CacheKey, window: Int, fetch: @escaping () throws -> FetchedCredentials) throws -> AWSCredentials {
    let cache = context.cache
    if let hit = cache.read(key, now: context.clock(), window: window) { return hit }
    let body = { () throws -> AWSCredentials in
      // Another process may have written it while this one waited for the lock.
      if let hit = cache.read(key, now: self.context.clock(), window: window, quietly: true) { return hit }
      let fresh = try fetch()
      guard fresh.credentials.isPrintable else {
        throw SourceError("the credentials returned contain control characters (a NUL or a line break); refusing them")
      }
      // botocore refuses credentials that are already expired; caching them would make every
      // prompt call out again.
      if let expiration = fresh.credentials.expiration, expiration <= self.context.clock() {
        throw SourceError("the credentials returned had already expired at \(expiration); check the clock and the source")
      }
      if let document = fresh.cacheDocument {
        do {
          try cache.write(key, document)
        } catch {
          cache.warn("rolesh: warning: could not write the cache entry: \(error)")
        }
      }
      return fresh.credentials
    }
    if heldKeys.contains(key.fileName) { return try body() }
    heldKeys.append(key.fileName)
    defer { heldKeys.removeLast() }
    return try cache.withLock(key, ready: { cache.read(key, now: self.context.clock(), window: window, quietly: true) }, body)
  }
}
