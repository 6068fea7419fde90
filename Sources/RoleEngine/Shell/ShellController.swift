/// What `rolesh use`, `use --auto`, `unset` and the prompt hook do to a shell. Each returns
/// the code to evaluate; on any error it throws and the shell is left as it was.
package struct ShellController {
  package var dialect: ShellDialect
  package var environment: Environment
  /// People-text (stderr in the CLI).
  package var say: (String) -> Void
  /// Where MFA codes come from when one is needed. The hook passes a source that never
  /// prompts, so a directory that needs MFA becomes "pending" instead of blocking a prompt.
  package var mfa: MFACodeSource
  package var clock: () -> Timestamp = { .now() }

  package init(dialect: ShellDialect, environment: Environment, mfa: MFACodeSource, say: @escaping (String) -> Void) {
    self.dialect = dialect
    self.environment = environment
    self.mfa = mfa
    self.say = say
  }

  /// The identity a shell should have.
  package struct Target: Equatable, Sendable {
    package var profile: String
    package var mode: ShellMode
    package var region: String?
    package var origin: ShellState.Origin
    package var awsrole: String?
    package var awsroleHash: String?
  }

  // MARK: Commands

  /// `rolesh use PROFILE`: pins the shell to PROFILE.
  package func use(profile: String, mode: ShellMode?, region: String?) throws -> String {
    var transition = ShellTransition(dialect: dialect, environment: environment)
    try apply(Target(profile: profile, mode: mode ?? .keys, region: region, origin: .pin), to: &transition)
    return transition.code()
  }

  /// `rolesh unset`: everything rolesh set is removed, the user's earlier values restored.
  package func unset() -> String {
    var transition = ShellTransition(dialect: dialect, environment: environment)
    transition.removeAll()
    transition.setState { $0 = ShellState() }
    return transition.code()
  }

  /// `rolesh use --auto`: drop the pin and follow `.awsrole` files again.
  package func useAuto() throws -> String {
    try hook(ignoringPin: true)
  }

  /// The prompt hook: follow the nearest `.awsrole`, refresh keys that near expiry.
  package func hook(ignoringPin: Bool = false) throws -> String {
    if let stamp = environment.nonEmpty("ROLESH_STAMP") { FileSystem.touch(stamp) }
    var transition = ShellTransition(dialect: dialect, environment: environment)
    let state = transition.state
    let now = clock().secondsSinceEpoch
    let refreshDue = state.refreshAt.map { now >= $0 } ?? false

    if state.origin == .pin && !ignoringPin {
      if refreshDue, let profile = state.profile {
        try apply(Target(profile: profile, mode: state.mode ?? .keys, region: environment["AWS_REGION"], origin: .pin), to: &transition)
      }
      return transition.code()
    }
    guard let path = AWSRoleFile.find(from: environment.workingDirectory) else {
      if state.origin != nil || state.pending != nil {
        if let awsrole = state.awsrole, state.origin == .awsrole { say("rolesh: left \(awsrole); previous AWS settings restored") }
        transition.removeAll()
        transition.setState { $0 = ShellState() }
      }
      return transition.code()
    }
    guard let content = FileSystem.readRegularFile(path) else { return transition.code() }
    let hash = TrustStore.hash(path: path, content: content)
    let trust = TrustStore(environment: environment).status(path: path, hash: hash)
    guard trust == .trusted else {
      // Never applied. An identity this file applied before it was edited is removed.
      if state.origin == .awsrole && state.awsrole == path {
        transition.removeAll()
        transition.setState { $0 = ShellState() }
      }
      if trust == .untrusted && state.notice != hash {
        say("rolesh: \(path) is not trusted (new or edited); run `rolesh allow` to use it")
        transition.setState { $0.notice = hash }
      }
      return transition.code()
    }
    let file: AWSRoleFile
    do {
      file = try AWSRoleFile.parse(content, path: path)
    } catch let error as AWSRoleFile.ParseError {
      throw ConfigError(.configParse, "\(error.message) (nothing was changed)", location: SourceLocation(file: error.path, line: error.line))
    }
    let target = Target(
      profile: file.profile, mode: file.mode ?? .keys, region: file.region, origin: .awsrole, awsrole: path,
      awsroleHash: hash)
    let alreadyHere = state.origin == .awsrole && state.awsrole == path && state.awsroleHash == hash
      && state.profile == file.profile && state.mode == target.mode
    let pendingHere = state.pending == file.profile && state.awsrole == path && state.awsroleHash == hash
    if alreadyHere {
      if refreshDue { try apply(target, to: &transition) }
    } else if !pendingHere {
      try apply(target, to: &transition, announce: "rolesh: using profile \(file.profile) (from \(path))")
    }
    return transition.code()
  }

  // MARK: Applying

  /// The region the shell gets: explicit, else the profile's own `region`.
  private func region(for target: Target, config: AWSConfig) -> String? {
    target.region ?? config.profile(target.profile)?.text("region")
  }

  private func apply(_ target: Target, to transition: inout ShellTransition, announce: String? = nil) throws {
    let session = try CredentialSession(
      selection: .explicit(target.profile), environment: environment, mfa: mfa, warn: say)
    let credentials: AWSCredentials
    do {
      credentials = try session.credentials()
    } catch let error as CredentialError where (error.underlying as? MFAError)?.needsCode == true {
      // The hook never waits for input: drop the old identity and say what to run.
      let source = target.awsrole.map { " (from \($0))" } ?? ""
      say("rolesh: profile \(target.profile)\(source) needs an MFA code: run `rolesh use \(target.profile)`")
      transition.removeAll()
      transition.setState {
        $0 = ShellState()
        $0.pending = target.profile
        $0.origin = target.origin
        $0.awsrole = target.awsrole
        $0.awsroleHash = target.awsroleHash
      }
      return
    }
    let region = region(for: target, config: session.config)
    var variables: [(String, String)] = []
    switch target.mode {
    case .keys:
      variables.append(("AWS_ACCESS_KEY_ID", credentials.accessKeyId))
      variables.append(("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey))
      if let token = credentials.sessionToken { variables.append(("AWS_SESSION_TOKEN", token)) }
      if let expiration = credentials.expiration { variables.append(("AWS_CREDENTIAL_EXPIRATION", expiration.description)) }
    case .profile:
      // The credentials above warmed the shared cache, so the AWS CLI will not prompt.
      variables.append(("AWS_PROFILE", target.profile))
    }
    if let region {
      variables.append(("AWS_REGION", region))
      variables.append(("AWS_DEFAULT_REGION", region))
    }
    if let plugins = session.plugins {
      variables += try switchVariables(plugins, target: target, region: region, config: session.config)
    }
    transition.apply(variables)
    let now = clock().secondsSinceEpoch
    transition.setState { state in
      let notice = state.notice
      let managed = state.managed
      let saved = state.saved
      state = ShellState()
      state.managed = managed
      state.saved = saved
      state.notice = notice
      state.profile = target.profile
      state.mode = target.mode
      state.origin = target.origin
      state.awsrole = target.awsrole
      state.awsroleHash = target.awsroleHash
      if target.mode == .keys, let expiration = credentials.expiration {
        let left = expiration.secondsSinceEpoch - now
        // The CLI's 15-minute window; short sessions refresh in their last third.
        state.refreshAt = expiration.secondsSinceEpoch - min(900, max(left / 3, 0))
      }
    }
    if let announce { say(announce) }
  }

  /// `on_switch` answers: `{env = {NAME = "value"}}`, names checked, values quoted later
  /// like every other value.
  private func switchVariables(_ plugins: PluginHost, target: Target, region: String?, config: AWSConfig) throws
    -> [(String, String)]
  {
    let profile = config.profile(target.profile)
    let context = PluginContext(
      profile: target.profile, roleArn: profile?.text("role_arn"), mfaSerial: profile?.text("mfa_serial"),
      sourceProfile: profile?.text("source_profile"), region: region,
      defaultSessionName: SessionName.defaultName(user: environment.userName), directory: environment.workingDirectory,
      shell: dialect.rawValue, user: environment.userName)
    var variables: [(String, String)] = []
    for (answer, plugin) in try plugins.allAnswers(.onSwitch, context) {
      guard case .object(let members)? = answer["env"] else {
        throw PluginError(plugin: plugin, message: "on_switch must return nil or {env = {NAME = \"value\"}}")
      }
      for (name, value) in members {
        let valid = name.utf8.first.map { !(0x30...0x39).contains($0) } == true
          && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
        let reserved = name.hasPrefix("ROLESH_") || name.hasPrefix("__rolesh") || name.hasPrefix("AWS_")
          || ["PATH", "HOME", "SHELL", "LD_PRELOAD", "LD_LIBRARY_PATH", "IFS", "PS1", "PROMPT_COMMAND"].contains(name)
        guard valid, !reserved else {
          throw PluginError(plugin: plugin, message: "on_switch cannot set \(name.debugDescription): not a variable rolesh lets plugins set")
        }
        guard let text = value.stringValue else {
          throw PluginError(plugin: plugin, message: "on_switch value of \(name) must be a string")
        }
        variables.append((name, text))
      }
    }
    return variables
  }

}

/// MFA for the prompt hook: never asks; a needed code makes the directory "pending".
package struct NoPromptMFA: MFACodeSource {
  package init() {}
  package func code(serial: String, profile: String) throws -> String {
    throw MFAError(message: "profile \(profile) needs an MFA code for \(serial)", needsCode: true)
  }
}
