#if canImport(Glibc)
  import Glibc
#endif
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
  package static func replaceProcess(with command: [String], session: CredentialSession, region: String? = nil) throws -> Never {
    if let region, let warning = RegionCheck.warning(for: region) { session.runtime.warn(warning) }
    let credentials = try session.credentials()
    let variables = ChildEnvironment.replacing(
      session.environment,
      with: ChildEnvironment.variables(credentials, profile: session.plan.profile, region: region ?? session.exportedRegion, mode: .keys))
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
