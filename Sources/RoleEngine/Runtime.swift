import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshCurl
import RoleshKeyring
import RoleshLua
import RoleshShell
import RoleshSupport

/// The services every command uses, built once per invocation: the one place rolesh's layers
/// are put together. The CLI builds `Runtime.live`; tests build one with a scripted transport,
/// a fixed clock and an MFA source of their own, so use cases run without a network or a
/// terminal.
///
/// Everything that loads a library or reads a file is made on first use: a warm `export` never
/// opens libcurl or Lua.
package struct Runtime {
  package var environment: Environment
  /// People-text that cannot wait (stderr in the CLI).
  package var warn: (String) -> Void
  /// Where MFA codes come from when one is needed.
  package var mfa: MFACodeSource
  package var clock: () -> Timestamp
  /// Sleeps between retried calls and polls.
  package var sleep: (Double) -> Void
  /// An HTTP transport, made when a request is about to be sent.
  package var transport: () -> HTTPTransport
  /// Loads the Lua plugins for a directory (nil when there are none).
  package var loadPlugins: (_ directory: String) throws -> PluginHost?
  /// Loads one plugin file on its own and names the hooks it defines (`plugins check`).
  package var pluginHooks: (_ path: String) throws -> [String]
  /// The key store called by name (`secret-service`, `pass`): long-term keys kept out of
  /// plaintext files.
  package var secrets: (String) -> SecretStore

  package init(
    environment: Environment, warn: @escaping (String) -> Void, mfa: MFACodeSource, clock: @escaping () -> Timestamp = { .now() },
    sleep: @escaping (Double) -> Void = MonotonicClock.sleep, transport: @escaping () -> HTTPTransport,
    loadPlugins: @escaping (String) throws -> PluginHost? = { _ in nil },
    pluginHooks: @escaping (String) throws -> [String] = { _ in [] }, secrets: @escaping (String) -> SecretStore
  ) {
    self.environment = environment
    self.warn = warn
    self.mfa = mfa
    self.clock = clock
    self.sleep = sleep
    self.transport = transport
    self.loadPlugins = loadPlugins
    self.pluginHooks = pluginHooks
    self.secrets = secrets
  }

  /// The real thing for the CLI: the process's environment, MFA codes as `input` says.
  package static func live(mfa input: MFAInput, warn: @escaping (String) -> Void) -> Runtime {
    live(environment: .current(), mfa: input.source, warn: warn)
  }

  /// The real thing: libcurl, Lua plugins, the system clock.
  package static func live(environment: Environment, mfa: MFACodeSource, warn: @escaping (String) -> Void) -> Runtime {
    let transport: () -> HTTPTransport = { CurlTransport(environment: environment) }
    return Runtime(
      environment: environment, warn: warn, mfa: mfa, transport: transport,
      loadPlugins: { directory in
        let files = PluginLoader.files(environment: environment, directory: directory)
        guard !files.isEmpty else { return nil }
        return DeferredPluginHost {
          try LuaPluginHost.load(files, environment: environment, transport: transport, log: warn)
        }
      },
      pluginHooks: { path in
        let runtime = try LuaRuntime(
          path: path, source: try PluginDiscovery.checkSafe(path), environment: environment, transport: transport, log: warn)
        return HookPoint.allCases.map(\.rawValue).filter(runtime.hooks.contains)
      },
      secrets: { name in
        // A bad value is reported by the store's first call, not by commands that never use one.
        let timeout = (try? environment.seconds("ROLESH_KEYS_TIMEOUT", default: 10, within: 0.5...300)) ?? 10
        switch name {
        case "secret-service": return SecretServiceStore(environment: environment, timeout: timeout)
        case "pass": return PassStore(environment: environment, timeout: timeout)
        default:
          return UnavailableSecretStore(name: name, reason: "there is no key store called \(name): use secret-service or pass")
        }
      })
  }

  /// The same services with MFA codes from `input`.
  package func with(mfa input: MFAInput) -> Runtime { with(mfa: input.source) }

  /// The same services with another MFA source (the hook never prompts; `--mfa-code`).
  package func with(mfa: MFACodeSource) -> Runtime {
    var copy = self
    copy.mfa = mfa
    return copy
  }

  /// The AWS config and credentials files.
  package func config() throws -> AWSConfig { try ConfigLoader.load(environment) }

  /// Seconds one request may take (`ROLESH_STS_TIMEOUT`).
  package func requestTimeout() throws -> Double { try environment.requestTimeout() }

  /// An STS client at `endpoint`, with the runtime's transport, clock and timeout.
  package func stsClient(endpoint: STSEndpoint) throws -> STSClient {
    var client = STSClient(transport: transport(), endpoint: endpoint)
    client.clock = clock
    client.sleep = sleep
    client.timeout = try requestTimeout()
    return client
  }

  /// IAM Identity Center's two clients at `endpoints`.
  package func ssoClients(_ endpoints: SSOEndpoints) throws -> (portal: SSOPortalClient, oidc: SSOOIDCClient) {
    let timeout = try requestTimeout()
    var portal = SSOPortalClient(transport: transport(), endpoint: endpoints.portal)
    portal.rest.sleep = sleep
    portal.rest.timeout = timeout
    var oidc = SSOOIDCClient(transport: transport(), endpoint: endpoints.oidc)
    oidc.rest.sleep = sleep
    oidc.rest.timeout = timeout
    return (portal, oidc)
  }
}

/// Finds the plugin files for a directory: the user's, and the project's beside a trusted
/// `.awsrole` (its trust record covers them).
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
}

/// Where MFA codes come from, as a command line says it.
package enum MFAInput: Sendable {
  /// Asked on the terminal (`/dev/tty`, echo off) when one is needed.
  case ask
  /// Given up front (`--mfa-code`).
  case code(String)
  /// Never asked: a profile that needs a code is an error (the prompt hook, renewals).
  case never

  /// `--mfa-code VALUE`, or asking when there is none.
  package init(code: String?) { self = code.map(MFAInput.code) ?? .ask }

  /// Whether `code` has an MFA code's shape: exactly six digits.
  package static func isValidCode(_ code: String) -> Bool { MFACode.isValid(code) }

  var source: MFACodeSource {
    switch self {
    case .ask: return TerminalMFAPrompt()
    case .code(let value): return FixedMFACode(value)
    case .never: return NoPromptMFA()
    }
  }
}
