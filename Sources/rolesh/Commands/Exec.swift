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

    @Option(help: "Region the command gets (default: the profile's region).", completion: .custom(completeRegions))
    var region: String?

    @Argument(help: "The profile to resolve.", completion: .custom(completeUsableProfiles))
    var profile: String

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (default: $SHELL); `--` before it is optional.")
    var command: [String] = []

    func run() throws {
      // `rolesh exec -- aws …`: ArgumentParser takes `aws` for the profile.
      if Self.commandComesFirst(Array(CommandLine.arguments.dropFirst())) {
        throw GeneralError(
          "exec needs a PROFILE before the command: rolesh exec PROFILE -- \(profile) … (to run it as this shell's own identity, run it without rolesh exec)",
          status: .usage)
      }
      let runtime = options.runtime
      let command = ExecCommand.command(self.command, environment: runtime.environment)
      let session = try CredentialSession(profile: profile, runtime: runtime)
      if server { try ExecCommand.runServed(command, session: session, region: region) }
      let asShell = self.command.drop(while: { $0 == "--" }).isEmpty
      try ExecCommand.replaceProcess(with: command, session: session, region: region, asShell: asShell)
    }

    /// Whether `--` comes before any profile (`rolesh exec [--server] [--mfa-code C] -- CMD`).
    static func commandComesFirst(_ arguments: [String]) -> Bool {
      guard let start = arguments.firstIndex(of: "exec") else { return false }
      var index = start + 1
      while index < arguments.count {
        switch arguments[index] {
        case "--": return true
        case "--server": index += 1
        case "--mfa-code", "--region": index += 2
        case let argument where argument.hasPrefix("--mfa-code=") || argument.hasPrefix("--region="): index += 1
        default: return false
        }
      }
      return false
    }
  }
}
