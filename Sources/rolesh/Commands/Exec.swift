import ArgumentParser
import RoleEngine
import RoleshSupport

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
      let runtime = options.runtime
      let command = ExecCommand.command(self.command, environment: runtime.environment)
      let session = try CredentialSession(profile: profile, runtime: runtime)
      if server { try ExecCommand.runServed(command, session: session) }
      try ExecCommand.replaceProcess(with: command, session: session)
    }
  }
}
