import RoleshAWS
import RoleshConfig
import RoleshSupport

/// What credential resolution and the shell ask of plugins. Credentials owns this protocol;
/// the Lua layer implements it, so the C edge stays at the edge. Answers arrive as JSON and
/// are turned into typed values in one place (`PluginAnswers.swift`).
package protocol PluginHost: AnyObject {
  /// Files that define `hook`, in load order (for `explain`).
  func plugins(defining hook: HookPoint) -> [String]
  /// The first non-nil answer of `hook`, with the plugin that gave it.
  func firstAnswer(_ hook: HookPoint, _ context: PluginContext) throws -> (value: JSON, plugin: String)?
  /// Every plugin's answer to `hook`, in load order.
  func allAnswers(_ hook: HookPoint, _ context: PluginContext) throws -> [(value: JSON, plugin: String)]
  /// Fails now if the plugins cannot be loaded (a report listing them must not guess).
  func requireLoaded() throws
}

extension PluginHost {
  /// Loaded already, unless a host says otherwise.
  package func requireLoaded() throws {}
}

/// Plugins loaded when a hook is first asked. A command that consults none — static keys
/// exported, a `credential_process` profile — gives what it would with working plugins, so it
/// keeps working while one plugin file is broken; anything that would ask a plugin stops on it.
package final class DeferredPluginHost: PluginHost {
  private let load: () throws -> PluginHost?
  private var loaded: Result<PluginHost?, any Error>?

  package init(load: @escaping () throws -> PluginHost?) { self.load = load }

  private func host() throws -> PluginHost? {
    if loaded == nil { loaded = Result { try load() } }
    return try loaded!.get()
  }

  package func requireLoaded() throws { _ = try host() }

  package func plugins(defining hook: HookPoint) -> [String] {
    (try? host())?.plugins(defining: hook) ?? []
  }

  package func firstAnswer(_ hook: HookPoint, _ context: PluginContext) throws -> (value: JSON, plugin: String)? {
    try host()?.firstAnswer(hook, context)
  }

  package func allAnswers(_ hook: HookPoint, _ context: PluginContext) throws -> [(value: JSON, plugin: String)] {
    try host()?.allAnswers(hook, context) ?? []
  }
}

/// The hooks a plugin may define (plugins/README.md documents each).
package enum HookPoint: String, Sendable, CaseIterable {
  /// `mfa_code(ctx)` → six digits or nil; asked only when STS needs a TokenCode.
  case mfaCode = "mfa_code"
  /// `session_name(ctx)` → a role session name or nil; used when the profile sets none.
  case sessionName = "session_name"
  /// `web_identity_token(ctx)` → a token or nil; used instead of reading the token file.
  case webIdentityToken = "web_identity_token"
  /// `before_assume(ctx)` → nil, `{duration_seconds = N}` or `{deny = "reason"}`.
  case beforeAssume = "before_assume"
  /// `on_switch(ctx)` → nil or `{env = {NAME = "value"}}`: extra variables for the shell.
  case onSwitch = "on_switch"
  /// `browser(ctx)` → nil or a command as a list of words (`%s`: the URL, `%u`: the URL
  /// percent-encoded); opens `rolesh console`.
  case browser = "browser"
}

/// The plain data a hook receives as `ctx`.
package struct PluginContext: Sendable {
  package var profile: String
  package var roleArn: String?
  package var mfaSerial: String?
  package var sourceProfile: String?
  package var region: String?
  package var defaultSessionName: String
  package var directory: String
  package var shell: String?
  package var user: String

  package init(
    profile: String, roleArn: String? = nil, mfaSerial: String? = nil, sourceProfile: String? = nil, region: String? = nil,
    defaultSessionName: String, directory: String, shell: String? = nil, user: String
  ) {
    self.profile = profile
    self.roleArn = roleArn
    self.mfaSerial = mfaSerial
    self.sourceProfile = sourceProfile
    self.region = region
    self.defaultSessionName = defaultSessionName
    self.directory = directory
    self.shell = shell
    self.user = user
  }

  /// The one way a context is built: the profile's own `role_arn`, `mfa_serial` and
  /// `source_profile` (or `roleArn` when given), the user, the default session name.
  package init(
    describing profile: String, in config: AWSConfig, environment: Environment, roleArn: String? = nil,
    region: String?, directory: String, shell: String? = nil
  ) {
    let settings = config.profile(profile)
    self.init(
      profile: profile, roleArn: roleArn ?? settings?.text("role_arn"), mfaSerial: settings?.text("mfa_serial"),
      sourceProfile: settings?.text("source_profile"), region: region,
      defaultSessionName: SessionName.defaultName(user: environment.userName), directory: directory, shell: shell,
      user: environment.userName)
  }

  package var json: JSON {
    var fields: [(String, JSON)] = [("profile", .string(profile))]
    if let roleArn { fields.append(("role_arn", .string(roleArn))) }
    if let mfaSerial { fields.append(("mfa_serial", .string(mfaSerial))) }
    if let sourceProfile { fields.append(("source_profile", .string(sourceProfile))) }
    if let region { fields.append(("region", .string(region))) }
    fields.append(("default_session_name", .string(defaultSessionName)))
    fields.append(("directory", .string(directory)))
    if let shell { fields.append(("shell", .string(shell))) }
    fields.append(("user", .string(user)))
    return .object(fields)
  }
}

/// A plugin failed, or answered something unusable. Names the file (and line when Lua gave one).
package struct PluginError: RoleshError, Equatable, Sendable {
  package var plugin: String
  /// What went wrong (without the plugin's name; `description` adds it).
  package var detail: String
  /// A `before_assume` deny: a permission decision (exit 77), not a malfunction.
  package var isDenial = false

  package init(plugin: String, message: String, isDenial: Bool = false) {
    self.plugin = plugin
    self.detail = message
    self.isDenial = isDenial
  }

  package var exitStatus: ExitStatus { isDenial ? .permission : .failure }

  package var message: String {
    detail.hasPrefix(plugin) ? "plugin \(detail)" : "plugin \(plugin): \(detail)"
  }
}
