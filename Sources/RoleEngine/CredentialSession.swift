import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// What the credential commands share, composed from the runtime's services: read the config,
/// load plugins, plan the profile, fetch through the cache. Nothing is fetched until asked.
package struct CredentialSession {
  package var runtime: Runtime
  package var config: AWSConfig
  package var plan: ResolutionPlan
  package var resolver: CredentialResolver
  /// The loaded plugins, if any.
  package var plugins: PluginHost?
  /// The role named on the command line that the session resolves, if any.
  package var role: OneOffRole?

  package var environment: Environment { runtime.environment }

  /// How a session is used: interactively by a person, or from the prompt hook (which must
  /// never wait: `credential_process` gets no terminal and a short time limit).
  package enum Caller: Sendable {
    case person
    case promptHook
  }

  /// Plans `selection` and prepares a resolver; nothing is fetched yet. `role`: a role named
  /// on the command line, added to the config under its name.
  package init(selection: ProfileSelection, runtime: Runtime, caller: Caller = .person, role: OneOffRole? = nil) throws {
    self.runtime = runtime
    let environment = runtime.environment
    config = try runtime.config()
    if let role { config = try role.adding(to: config) }
    self.role = role
    let directory = environment.workingDirectory
    // Lua is loaded only when a plugin file exists.
    plugins = try runtime.loadPlugins(directory)
    var profileResolver = ProfileResolver(config: config, environment: environment)
    profileResolver.plugins = plugins
    profileResolver.directory = directory
    plan = try profileResolver.resolve(selection)
    let context = FetchContext(
      plan: plan, config: config, environment: environment, cache: CredentialCache(environment: environment, warn: runtime.warn),
      mfa: runtime.mfa, transport: runtime.transport)
    context.plugins = plugins
    context.directory = directory
    context.clock = runtime.clock
    context.sleep = runtime.sleep
    context.secrets = runtime.secrets
    if caller == .promptHook {
      context.processInput = .null
      context.processTimeout = 10
    }
    resolver = CredentialResolver(context)
  }

  /// A session for `profile`, or — without one — the environment's choice (`AWS_PROFILE`, then
  /// `AWS_DEFAULT_PROFILE`, then `default`).
  package init(profile: String?, runtime: Runtime, caller: Caller = .person) throws {
    try self.init(selection: .choose(argument: profile, environment: runtime.environment), runtime: runtime, caller: caller)
  }

  /// A session for a role named on the command line.
  package init(role: OneOffRole, runtime: Runtime, caller: Caller = .person) throws {
    try self.init(selection: .explicit(role.name), runtime: runtime, caller: caller, role: role)
  }

  /// Reads the command line's role options (see `OneOffRole.parse`).
  package static func oneOffRole(
    roleArn: String, source: String?, sessionName: String?, duration: String?, externalId: String?, runtime: Runtime
  ) throws -> OneOffRole {
    try OneOffRole.parse(
      roleArn: roleArn, source: source, sessionName: sessionName, duration: duration, externalId: externalId,
      environment: runtime.environment)
  }

  package func credentials() throws -> AWSCredentials { try resolver.resolve() }

  /// The region a child process or shell gets: the profile's own (as `rolesh use` exports
  /// it), else the environment's.
  package var exportedRegion: String? { config.profile(plan.profile)?.text("region") ?? plan.region }

  /// An STS client for the plan's top-level profile.
  package func stsClient() throws -> STSClient { try resolver.context.stsClient() }
}
