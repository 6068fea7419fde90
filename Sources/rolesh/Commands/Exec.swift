import ArgumentParser
import RoleEngine
import RoleshSupport

extension RoleshCommand {
  /// `rolesh exec [--server] PROFILE [--] [CMD [ARGS...]]` (or `--role-arn ARN …` instead of
  /// PROFILE): replaces rolesh with CMD (default: the user's shell), credentials in its
  /// environment; the arguments reach it untouched and its exit status is rolesh's. With
  /// `--server`, CMD gets a credential server instead.
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

    @OptionGroup var role: RoleOptions

    @Argument(help: "The profile to resolve (none with --role-arn).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Argument(parsing: .captureForPassthrough, help: "The command and its arguments (default: $SHELL); `--` before it is optional.")
    var command: [String] = []

    func run() throws {
      let runtime = options.runtime
      var given = self.command
      let session: CredentialSession
      if let role = try role.arguments.role(runtime: runtime) {
        // No PROFILE with --role-arn: what ArgumentParser read as one is the command's first word.
        if let profile { given = [profile] + given.drop(while: { $0 == "--" }) }
        session = try CredentialSession(role: role, runtime: runtime)
      } else {
        // `rolesh exec -- aws …`: ArgumentParser takes `aws` for the profile.
        guard let profile, !Self.commandComesFirst(Array(CommandLine.arguments.dropFirst())) else {
          throw GeneralError(
            "exec needs a PROFILE before the command (or --role-arn ARN): rolesh exec PROFILE -- \(profile ?? "CMD") … (to run it as this shell's own identity, run it without rolesh exec)",
            status: .usage)
        }
        session = try CredentialSession(profile: profile, runtime: runtime)
      }
      let command = ExecCommand.command(given, environment: runtime.environment)
      if server { try ExecCommand.runServed(command, session: session, region: region) }
      let asShell = given.drop(while: { $0 == "--" }).isEmpty
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
