#if canImport(Glibc)
  import Glibc
#endif
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// `rolesh exec PROFILE [--] [CMD [ARGS...]]`: rolesh becomes CMD (default: the user's shell),
/// with the profile's credentials in its environment; the arguments reach it untouched and its
/// exit status is rolesh's.
package enum ExecCommand {
  /// The command to run: `--` dropped, the user's shell when none is given.
  package static func command(_ arguments: [String], environment: Environment) -> [String] {
    var command = arguments
    if command.first == "--" { command.removeFirst() }
    // No command: a shell, as aws-vault does; ROLESH_PROFILE says which profile it runs as.
    if command.isEmpty { command = [environment.nonEmpty("SHELL") ?? "/bin/sh"] }
    return command
  }

  /// Replaces the process with `command`; returns only by throwing.
  /// `asShell`: the command is the user's shell, started for them: it gets rolesh's state too,
  /// as if `rolesh use PROFILE` had pinned it, so its prompt shows the identity, `status` knows
  /// it, `.awsrole` directories do not replace it, and the hook refreshes its keys.
  package static func replaceProcess(with command: [String], session: CredentialSession, region: String? = nil, asShell: Bool = false)
    throws -> Never
  {
    if let region, let warning = RegionCheck.warning(for: region) { session.runtime.warn(warning) }
    let credentials = try session.credentials()
    let exported = ChildEnvironment.variables(
      credentials, profile: session.plan.profile, region: region ?? session.exportedRegion, mode: .keys)
    var variables = ChildEnvironment.replacing(session.environment, with: exported)
    if asShell {
      var state = ShellState()
      state.profile = session.plan.profile
      state.role = try session.role.map { try OneOffRoleFiles.save($0, session.environment) }
      state.mode = .keys
      state.origin = .pin
      for (name, value) in exported where name != "ROLESH_PROFILE" { state.managed[name] = ShellState.fingerprint(value) }
      if let expiration = credentials.expiration?.secondsSinceEpoch {
        state.expiresAt = expiration
        state.refreshAt = ShellState.refreshTime(
          expiration: expiration, now: session.runtime.clock().secondsSinceEpoch, window: CredentialCache.expiryWindow)
      }
      for (name, value) in state.encoded { variables[name] = value }
    }
    // Anything buffered in C stdio goes out before the process image does.
    fflush(nil)
    // execvp searches PATH as the user's shell would; the environment is rebuilt first.
    clearenv()
    for (name, value) in variables { setenv(name, value, 1) }
    let argv = command.map { strdup($0) } + [nil]
    execvp(command[0], argv)
    throw ExecFailure(program: command[0], code: errno)
  }

  /// `exec --server`: runs `command` beside a credential server and exits with its status.
  package static func runServed(_ command: [String], session: CredentialSession, region: String? = nil) throws -> Never {
    if let region, let warning = RegionCheck.warning(for: region) { session.runtime.warn(warning) }
    let status = try ExecWithServer.run(command, session: session, region: region)
    fflush(nil)
    exit(status)
  }
}
