import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// What `rolesh use`, `use --auto`, `unset` and the prompt hook do to a shell. Each returns
/// the code to evaluate; on any error it throws and the shell is left as it was.
package struct ShellController {
  package var shell: any ShellDialect
  /// The runtime's MFA source decides what a missing code means: the hook's never prompts, so
  /// a directory that needs MFA becomes "pending" instead of blocking a prompt.
  package var runtime: Runtime
  /// Who is asking: a person (`use`) or the prompt hook.
  package var caller: CredentialSession.Caller

  package var environment: Environment { runtime.environment }
  var clock: () -> Timestamp { runtime.clock }

  package init(shell: any ShellDialect, runtime: Runtime, caller: CredentialSession.Caller) {
    self.shell = shell
    self.runtime = runtime
    self.caller = caller
  }

  /// The controller for the shell whose function runs `command` (`ROLESH_SHELL`).
  package static func forCallingShell(_ command: String, runtime: Runtime, caller: CredentialSession.Caller = .person) throws
    -> ShellController
  {
    ShellController(shell: try ShellIntegration.callingShell(for: command, environment: runtime.environment), runtime: runtime, caller: caller)
  }

  /// The prompt hook's controller for the shell called `name`: it never prompts.
  package static func hook(shell name: String, runtime: Runtime) throws -> ShellController {
    ShellController(shell: try ShellIntegration.dialect(name), runtime: runtime.with(mfa: .never), caller: .promptHook)
  }

  /// The identity a shell should have.
  package struct Target: Equatable, Sendable {
    package var profile: String
    package var mode: ShellMode
    package var region: String?
    package var origin: ShellState.Origin
    package var awsrole: String?
    package var awsroleHash: String?
    /// A role named on the command line (`profile` is its name).
    package var role: OneOffRole?
  }

  // MARK: Commands

  /// `rolesh use PROFILE`: pins the shell to PROFILE.
  package func use(profile: String, mode: ShellMode?, region: String?) throws -> String {
    var transition = ShellTransition(environment: environment)
    if let region, let warning = RegionCheck.warning(for: region) { runtime.warn(warning) }
    try apply(
      Target(profile: profile, mode: mode ?? .keys, region: region, origin: .pin), to: &transition,
      announce: "rolesh: using profile \(profile)")
    RecentProfiles.record(profile, environment)
    return transition.code(for: shell)
  }

  /// `rolesh use PROFILE` for a person: when all that is missing is an IAM Identity Center
  /// login, `offerLogin` is asked (with the problem) whether to log in now, as granted offers;
  /// after a login, one more try.
  package func use(profile: String, mode: ShellMode?, region: String?, offerLogin: (String) -> Bool) throws -> String {
    try offeringLogin(offerLogin) { try use(profile: profile, mode: mode, region: region) }
  }

  /// `attempt`, and when all it misses is an IAM Identity Center login, the login `offerLogin`
  /// accepts, then one more try.
  private func offeringLogin(_ offerLogin: (String) -> Bool, _ attempt: () throws -> String) throws -> String {
    do {
      return try attempt()
    } catch let error as CredentialError {
      guard let login = error.underlying as? SSOLoginRequired, offerLogin(error.message) else { throw error }
      try SSOCommands.login(login.session, runtime: runtime)
      return try attempt()
    }
  }

  /// `rolesh use --role-arn ARN …`: pins the shell to a role the config does not name. Keys
  /// mode only: `AWS_PROFILE` cannot point at it.
  package func use(role: OneOffRole, mode: ShellMode?, region: String?, offerLogin: (String) -> Bool) throws -> String {
    if mode == .profile {
      throw GeneralError(
        "--role-arn works in keys mode only: AWS_PROFILE can name only a profile of the config (add one with role_arn and source_profile to use profile mode)",
        status: .usage)
    }
    if let region, let warning = RegionCheck.warning(for: region) { runtime.warn(warning) }
    let target = Target(profile: role.name, mode: .keys, region: region, origin: .pin, role: role)
    return try offeringLogin(offerLogin) {
      var transition = ShellTransition(environment: environment)
      try apply(target, to: &transition, announce: "rolesh: using role \(role.name) (from profile \(role.sourceProfile))")
      return transition.code(for: shell)
    }
  }

  /// `rolesh unset`: everything rolesh set is removed, the user's earlier values restored.
  package func unset() -> String {
    var transition = ShellTransition(environment: environment)
    let profile = transition.state.profile ?? transition.state.pending
    transition.removeAll()
    transition.setState { $0 = ShellState() }
    transition.say(profile.map { "rolesh: removed profile \($0); your earlier AWS settings are back" } ?? "rolesh: nothing to remove")
    return transition.code(for: shell)
  }

  /// `rolesh use --auto`: drop the pin and follow `.awsrole` files again. The pinned identity
  /// goes first, whatever the directory holds (an untrusted `.awsrole` must not leave the shell
  /// pinned).
  package func useAuto() throws -> String {
    var transition = ShellTransition(environment: environment)
    if transition.state.origin == .pin || transition.state.pending != nil {
      let removed = transition.state.profile ?? transition.state.pending
      let notice = transition.state.notice
      transition.removeAll()
      transition.setState {
        $0 = ShellState()
        $0.notice = notice
      }
      // Said first: what follows (a directory's profile) is announced after it.
      transition.say("rolesh: unpinned" + (removed.map { "; removed profile \($0)" } ?? "") + "; following .awsrole files again")
    } else {
      transition.say("rolesh: not pinned; following .awsrole files")
    }
    try follow(&transition)
    return transition.code(for: shell)
  }

  /// The prompt hook: follow the nearest `.awsrole`, refresh keys that near expiry.
  package func hook() throws -> String {
    if let stamp = environment.nonEmpty("ROLESH_STAMP") { FileSystem.touch(stamp) }
    var transition = ShellTransition(environment: environment)
    let state = transition.state
    if state.origin == .pin {
      // A role named on the command line whose settings file is gone cannot be refreshed or
      // retried: it is removed, once, rather than failing at every prompt.
      let role = state.role.flatMap { OneOffRoleFiles.load($0, environment) }
      if state.role != nil, let name = state.profile ?? state.pending, role?.name != name {
        transition.removeAll()
        transition.setState { $0 = ShellState() }
        transition.say("rolesh: removed role \(name): its settings are gone from rolesh's state folder; name it again with rolesh use --role-arn")
        return transition.code(for: shell)
      }
      if isRefreshDue(state), let profile = state.profile {
        try apply(
          Target(profile: profile, mode: state.mode ?? .keys, region: environment["AWS_REGION"], origin: .pin, role: role), to: &transition)
      } else if let pending = state.pending {
        // The prompt saw a watched file change: try again, quietly unless it now works.
        try apply(
          Target(profile: pending, mode: state.mode ?? .keys, region: environment["AWS_REGION"], origin: .pin, role: role), to: &transition,
          announce: "rolesh: using \(role == nil ? "profile" : "role") \(pending)")
      }
      return transition.code(for: shell)
    }
    try follow(&transition)
    return transition.code(for: shell)
  }

  private func isRefreshDue(_ state: ShellState) -> Bool {
    state.refreshAt.map { clock().secondsSinceEpoch >= $0 } ?? false
  }

  /// Applies the nearest trusted `.awsrole`, or removes what an `.awsrole` applied.
  private func follow(_ transition: inout ShellTransition) throws {
    let state = transition.state
    guard let path = AWSRoleFile.find(from: environment.workingDirectory) else {
      if state.origin != nil || state.pending != nil {
        if let awsrole = state.awsrole, state.origin == .awsrole {
          transition.say("rolesh: left \(awsrole); previous AWS settings restored")
        }
        transition.removeAll()
        transition.setState { $0 = ShellState() }
      }
      return
    }
    let trust = TrustStore(environment: environment).status(path: path)
    guard case .trusted(let hash) = trust else {
      // Never applied. An identity an `.awsrole` applied before is removed.
      if state.origin == .awsrole || state.pending != nil {
        transition.removeAll()
        transition.setState { $0 = ShellState() }
      }
      if case .untrusted(let reason) = trust {
        let notice = ShellState.fingerprint(path + "\n" + reason)
        if state.notice != notice {
          transition.say("rolesh: \(path) is not trusted (\(reason)); run `rolesh allow` to use it")
          transition.setState { $0.notice = notice }
        }
      }
      return
    }
    let file = try AWSRoleFile.load(path).file
    let target = Target(
      profile: file.profile, mode: file.mode ?? .keys, region: file.region, origin: .awsrole, awsrole: path, awsroleHash: hash)
    let alreadyHere = state.origin == .awsrole && state.awsrole == path && state.awsroleHash == hash
      && state.profile == file.profile && state.mode == target.mode
    if alreadyHere {
      if isRefreshDue(state) { try apply(target, to: &transition) }
    } else {
      // A shell pending here tries again too: the hook runs only when something changed (a
      // watched file, say), and a shell still pending hears nothing new.
      try apply(target, to: &transition, announce: "rolesh: using profile \(file.profile) (from \(path))")
    }
  }

  // MARK: Applying

  private func apply(_ target: Target, to transition: inout ShellTransition, announce: String? = nil) throws {
    let session = try CredentialSession(selection: .explicit(target.profile), runtime: runtime, caller: caller, role: target.role)
    // A role named on the command line: its settings are written once it is known to work (or
    // to wait for a code), before the shell is told about them.
    let saveRole = { try target.role.map { try OneOffRoleFiles.save($0, self.environment) } }
    let credentials: AWSCredentials
    do {
      credentials = try session.credentials()
    } catch let error as CredentialError where error.pendingRemedy != nil && caller == .promptHook {
      // The hook never waits for input: drop the old identity, say what to run (once), and
      // watch the files whose change may mean someone else has done it.
      let source = target.awsrole.map { " (from \($0))" } ?? ""
      let watch = Self.watch(for: error, plan: session.plan, environment: environment)
      let roleFile = try saveRole()
      let alreadySaid = transition.state.pending == target.profile && transition.state.role == roleFile
      transition.removeAll()
      transition.setState {
        $0 = ShellState()
        $0.pending = target.profile
        $0.role = roleFile
        $0.mode = target.mode
        $0.origin = target.origin
        $0.awsrole = target.awsrole
        $0.awsroleHash = target.awsroleHash
        $0.watch = watch.directory
        $0.watchFiles = watch.files
      }
      if !alreadySaid {
        if let role = target.role, (error.underlying as? MFAError)?.needsCode == true {
          transition.say("rolesh: role \(role.name) needs an MFA code: run `rolesh use \(role.options)`")
        } else {
          transition.say("rolesh: profile \(target.profile)\(source) \(error.pendingRemedy ?? "")")
        }
      }
      return
    }
    let region = target.region ?? session.config.profile(target.profile)?.text("region")
    var variables = ChildEnvironment.variables(credentials, profile: target.profile, region: region, mode: target.mode, marksProfile: false)
    if let plugins = session.plugins {
      let context = PluginContext(
        describing: target.profile, in: session.config, environment: environment, region: region,
        directory: environment.workingDirectory, shell: shell.name)
      variables += try plugins.switchVariables(context)
    }
    try transition.apply(variables)
    let roleFile = try saveRole()
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
      state.role = roleFile
      state.mode = target.mode
      state.origin = target.origin
      state.awsrole = target.awsrole
      state.awsroleHash = target.awsroleHash
      state.expiresAt = credentials.expiration?.secondsSinceEpoch
      if target.mode == .keys, let expiration = credentials.expiration {
        state.refreshAt = ShellState.refreshTime(expiration: expiration.secondsSinceEpoch, now: now, window: CredentialCache.expiryWindow)
      }
    }
    if let announce { transition.say(announce) }
  }

  /// What a pending shell watches: the SSO token for a login, else the credential cache and the
  /// plan's entries in it (an MFA session or a role entry written by another shell or the CLI).
  static func watch(for error: CredentialError, plan: ResolutionPlan, environment: Environment) -> (directory: String, files: [String]) {
    if let login = error.underlying as? SSOLoginRequired {
      return (SSOTokenCache(environment: environment).directory, [login.session.tokenKey.fileName])
    }
    return (CredentialCache.directory(environment), plan.cacheKeys.map(\.fileName))
  }
}
