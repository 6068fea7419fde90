import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshShell
import RoleshSupport

extension RoleshCommand {
  /// `rolesh use PROFILE [--mode keys|profile] [--region R]`, `rolesh use --auto`.
  struct Use: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Switch this shell to PROFILE (pinned until `rolesh use --auto`).")

    @Argument(help: "The profile to use.", completion: .custom(completeProfiles))
    var profile: String?

    @Option(help: "keys (export credentials, the default) or profile (export AWS_PROFILE).")
    var mode: ShellMode?

    @Option(help: "Region to export (default: the profile's region).")
    var region: String?

    @Flag(help: "Unpin: follow .awsrole files again.")
    var auto = false

    @OptionGroup var options: CredentialOptions

    func validate() throws {
      if auto == (profile != nil) { throw ValidationError("give a profile, or --auto") }
      if auto && (mode != nil || region != nil) { throw ValidationError("--auto takes no --mode or --region") }
    }

    func run() throws {
      let shell = try ShellContext.shell(for: "use")
      let mfa: MFACodeSource = options.mfaCode.map(FixedMFACode.init) ?? TerminalMFAPrompt()
      let environment = Environment.current()
      let controller = ShellController(shell: shell, environment: environment, mfa: mfa, caller: .person, warn: Terminal.printError)
      if auto {
        Terminal.printOutput(try controller.useAuto(), terminator: "")
        return
      }
      let code: String
      do {
        code = try controller.use(profile: profile ?? "", mode: mode, region: region)
      } catch let error as CredentialError {
        // An IAM Identity Center login is all that is missing: offer it, as granted does, when a
        // person is at a terminal; then try once more.
        guard let login = error.underlying as? SSOLoginRequired, LoginOffer.accepted(error.message) else { throw error }
        try SSO.login(login.session, environment: environment)
        code = try controller.use(profile: profile ?? "", mode: mode, region: region)
      }
      Terminal.printOutput(code, terminator: "")
    }
  }

  /// `rolesh unset`: remove what rolesh set, restoring the user's earlier values.
  struct Unset: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove what rolesh set, restoring values you had before (where still unchanged).")

    func run() throws {
      let shell = try ShellContext.shell(for: "unset")
      let controller = ShellController(
        shell: shell, environment: Environment.current(), mfa: NoPromptMFA(), caller: .person, warn: Terminal.printError)
      Terminal.printOutput(controller.unset(), terminator: "")
    }
  }

  /// `rolesh status`: what this shell has.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show this shell's profile, mode, source, expiry and pending MFA.")

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() throws {
      let environment = Environment.current()
      let state = ShellState(environment)
      let expiration = environment.nonEmpty("AWS_CREDENTIAL_EXPIRATION").flatMap { Timestamp(iso8601: $0) }
      let source: String? = state.origin == .pin ? "pinned by rolesh use" : state.awsrole
      if json {
        Terminal.printOutput(
          JSON.object([
            ("profile", .optional(state.profile)), ("mode", .optional(state.mode?.rawValue)),
            ("origin", .optional(state.origin?.rawValue)), ("awsrole", .optional(state.awsrole)),
            ("expires", .optional(expiration?.description)), ("refresh_at", state.refreshAt.map { .number(String($0)) } ?? .null),
            ("pending", .optional(state.pending)),
          ]).serialized())
        return
      }
      guard state.profile != nil || state.pending != nil else {
        Terminal.printText("no rolesh identity in this shell" + (environment["AWS_PROFILE"].map { " (AWS_PROFILE=\($0) is yours)" } ?? ""))
        return
      }
      var lines: [String] = []
      if let profile = state.profile { lines.append("profile \(profile) (\(state.mode?.rawValue ?? "keys") mode)") }
      if let source { lines.append("source  \(source)") }
      if let expiration {
        let left = expiration.secondsSinceEpoch - Timestamp.now().secondsSinceEpoch
        lines.append("expires \(expiration) (\(left > 0 ? "in \(left / 60) min" : "expired"))")
      }
      if let pending = state.pending { lines.append("pending profile \(pending) needs an MFA code: run `rolesh use \(pending)`") }
      Terminal.printText(lines.joined(separator: "\n"))
    }
  }
}
