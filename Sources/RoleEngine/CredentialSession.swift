import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshCurl
import RoleshLua
import RoleshShell
import RoleshSupport

/// What the credential commands share, composed here from the layers below: read the config,
/// load plugins, plan the profile, fetch through the cache over libcurl. The CLI builds one per
/// invocation; tests pass their own transport.
package struct CredentialSession {
  package var environment: Environment
  package var config: AWSConfig
  package var plan: ResolutionPlan
  package var resolver: CredentialResolver
  /// The loaded plugins, if any.
  package var plugins: PluginHost?

  /// How a session is used: interactively by a person, or from the prompt hook (which must
  /// never wait: `credential_process` gets no terminal and a short time limit).
  package enum Caller: Sendable {
    case person
    case promptHook
  }

  /// Plans `selection` and prepares a resolver; nothing is fetched yet.
  package init(
    selection: ProfileSelection, environment: Environment, mfa: MFACodeSource, warn: @escaping (String) -> Void,
    caller: Caller = .person, transport: (() -> HTTPTransport)? = nil
  ) throws {
    self.environment = environment
    config = try ConfigLoader.load(environment)
    let directory = environment.workingDirectory
    let makeTransport = transport ?? { CurlTransport(environment: environment) }
    // Lua is loaded only when a plugin file exists.
    plugins = try PluginLoader.load(environment: environment, directory: directory, transport: makeTransport, log: warn)
    var profileResolver = ProfileResolver(config: config, environment: environment)
    profileResolver.plugins = plugins
    profileResolver.directory = directory
    plan = try profileResolver.resolve(selection)
    let context = FetchContext(
      plan: plan, config: config, environment: environment, cache: CredentialCache(environment: environment, warn: warn),
      mfa: mfa, transport: makeTransport)
    context.plugins = plugins
    context.directory = directory
    if caller == .promptHook {
      context.processInput = .null
      context.processTimeout = 10
    }
    resolver = CredentialResolver(context)
  }

  package func credentials() throws -> AWSCredentials { try resolver.resolve() }

  /// The region a child process or shell gets: the profile's own (as `rolesh use` exports
  /// it), else the environment's.
  package var exportedRegion: String? { config.profile(plan.profile)?.text("region") ?? plan.region }

  /// An STS client for the plan's top-level profile.
  package func stsClient() throws -> STSClient { try resolver.context.stsClient() }
}

/// Finds and loads the plugins for a directory: the user's, and the project's beside a
/// trusted `.awsrole` (its trust record covers them).
package enum PluginLoader {
  /// The plugin files, in load order.
  package static func files(environment: Environment, directory: String) -> [PluginDiscovery.File] {
    var project: String?
    // The trust check reads and hashes the project: done only when it has plugins at all.
    if let awsrole = AWSRoleFile.find(from: directory), !TrustStore.pluginFiles(of: awsrole).isEmpty,
      case .trusted = TrustStore(environment: environment).status(path: awsrole)
    {
      project = TrustStore.pluginDirectory(of: awsrole)
    }
    return PluginDiscovery.files(userDirectory: PluginDiscovery.userDirectory(environment), trustedProjectDirectory: project)
  }

  /// The loaded plugins, or nil when there are none.
  package static func load(
    environment: Environment, directory: String, transport: @escaping () -> HTTPTransport, log: @escaping (String) -> Void
  ) throws -> PluginHost? {
    try LuaPluginHost.load(files(environment: environment, directory: directory), environment: environment, transport: transport, log: log)
  }
}
