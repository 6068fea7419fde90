import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

extension RoleshCommand {
  /// `rolesh exec [--server] PROFILE [--] [CMD [ARGS...]]`: replaces rolesh with CMD (default:
  /// the user's shell), credentials in its environment; the arguments reach it untouched and
  /// its exit status is rolesh's. With `--server`, CMD gets a credential server instead.
  struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a command (default: your shell) with a profile's credentials.")

    @Flag(
      help: "Serve the credentials to the command over the container credential protocol, renewed while it runs, instead of putting keys in its environment."
    )
    var server = false

    @OptionGroup var options: CredentialOptions

    @Argument(help: "The profile to resolve.", completion: .custom(completeUsableProfiles))
    var profile: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (default: $SHELL); `--` before it is optional.")
    var command: [String] = []

    func run() throws {
      let environment = Environment.current()
      var command = self.command
      if command.first == "--" { command.removeFirst() }
      // No command: a shell, as aws-vault does; ROLESH_PROFILE says which profile it runs as.
      if command.isEmpty { command = [environment.nonEmpty("SHELL") ?? "/bin/sh"] }
      let session = try options.session(profile: profile)
      if server {
        let status = try ServedCommand.run(command, session: session, environment: environment, warn: Terminal.printError)
        fflush(nil)
        Glibc.exit(status)
      }
      let credentials = try session.credentials()
      var variables = session.environment.variables
      for name in CredentialEnvironment.cleared { variables[name] = nil }
      for (name, value) in CredentialEnvironment.variables(credentials, profile: session.plan.profile, region: session.exportedRegion) {
        variables[name] = value
      }
      // ArgumentParser may have buffered output in C stdio.
      fflush(nil)
      // execvp searches PATH as the user's shell would; the environment is rebuilt first.
      clearenv()
      for (name, value) in variables { setenv(name, value, 1) }
      let argv = command.map { strdup($0) } + [nil]
      execvp(command[0], argv)
      throw ExecFailure(program: command[0], code: errno)
    }
  }
}
