import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshShell
import RoleshSupport

extension RoleshCommand {
  /// `rolesh use PROFILE [--mode keys|profile] [--region R]`, `rolesh use --auto`, and
  /// `rolesh use` alone: a picker on the terminal.
  struct Use: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Switch this shell to PROFILE (pinned until `rolesh use --auto`); without one, pick it from a list.")

    @Argument(help: "The profile to use (default: pick one from a list on the terminal).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(help: "keys (export credentials, the default) or profile (export AWS_PROFILE).")
    var mode: ShellMode?

    @Option(help: "Region to export (default: the profile's region).", completion: .custom(completeRegions))
    var region: String?

    @Flag(help: "Unpin: follow .awsrole files again.")
    var auto = false

    @OptionGroup var options: CredentialOptions

    func validate() throws {
      if auto && profile != nil { throw ValidationError("give a profile, or --auto") }
      if auto && (mode != nil || region != nil) { throw ValidationError("--auto takes no --mode or --region") }
    }

    func run() throws {
      try UseRequest(profile: profile, mode: mode, region: region, auto: auto, mfaCode: options.mfaCode).perform()
    }
  }

  /// `rolesh unset`: remove what rolesh set, restoring the user's earlier values.
  struct Unset: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove what rolesh set, restoring values you had before (where still unchanged).")

    func run() throws { try UnsetRequest().perform() }
  }

  /// `rolesh status`: what this shell has.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show this shell's profile, account, role, region, mode, source, expiry and what is pending.")

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() throws { try StatusRequest(json: json).perform() }
  }
}

/// `rolesh use` as plain values: the fast path and ArgumentParser both end here.
struct UseRequest {
  var profile: String?
  var mode: ShellMode?
  var region: String?
  var auto = false
  var mfaCode: String?

  /// `use PROFILE [--mode M] [--region R]` and `use --auto`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> UseRequest? {
    guard arguments.first == "use",
      let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--auto"], options: ["--mode", "--region"])
    else { return nil }
    var request = UseRequest(profile: plain.positional, auto: plain.flags.contains("--auto"))
    if let mode = plain.options["--mode"] {
      guard let parsed = ShellMode(rawValue: mode) else { return nil }
      request.mode = parsed
    }
    request.region = plain.options["--region"]
    // The picker (no profile) and the mistakes go through ArgumentParser.
    guard request.auto != (request.profile != nil), !(request.auto && (request.mode != nil || request.region != nil)) else {
      return nil
    }
    return request
  }

  func perform() throws {
    let shell = try ShellContext.shell(for: "use")
    let mfa: MFACodeSource = mfaCode.map(FixedMFACode.init) ?? TerminalMFAPrompt()
    let environment = Environment.current()
    let controller = ShellController(shell: shell, environment: environment, mfa: mfa, caller: .person, warn: Terminal.printError)
    if auto {
      Terminal.printOutput(try controller.useAuto(), terminator: "")
      return
    }
    // No profile: a person picks one on the terminal (never on stdout, which the shell
    // function evaluates); without a terminal that is a usage error.
    let profile = try self.profile ?? PickerTerminal.pick(environment: environment)
    let code: String
    do {
      code = try controller.use(profile: profile, mode: mode, region: region)
    } catch let error as CredentialError {
      // An IAM Identity Center login is all that is missing: offer it, as granted does, when a
      // person is at a terminal; then try once more.
      guard let login = error.underlying as? SSOLoginRequired, LoginOffer.accepted(error.message) else { throw error }
      try RoleshCommand.SSO.login(login.session, environment: environment)
      code = try controller.use(profile: profile, mode: mode, region: region)
    }
    Terminal.printOutput(code, terminator: "")
  }
}

/// `rolesh unset` as plain values.
struct UnsetRequest {
  static func fastParse(_ arguments: [String]) -> UnsetRequest? { arguments == ["unset"] ? UnsetRequest() : nil }

  func perform() throws {
    let shell = try ShellContext.shell(for: "unset")
    let controller = ShellController(
      shell: shell, environment: Environment.current(), mfa: NoPromptMFA(), caller: .person, warn: Terminal.printError)
    Terminal.printOutput(controller.unset(), terminator: "")
  }
}

/// `rolesh status` as plain values.
struct StatusRequest {
  var json = false

  static func fastParse(_ arguments: [String]) -> StatusRequest? {
    guard arguments.first == "status", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--json"], options: []),
      plain.positional == nil
    else { return nil }
    return StatusRequest(json: plain.flags.contains("--json"))
  }

  func perform() throws {
    let environment = Environment.current()
    let state = ShellState(environment)
    let identity = state.profile.map { ShellIdentity.describe(profile: $0, mode: state.mode ?? .keys, environment: environment) }
    let region = environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION")
    let source: String? = state.origin == .pin ? "pinned by rolesh use" : state.awsrole
    let expires = identity?.expires
    if json {
      Terminal.printOutput(
        JSON.object([
          ("profile", .optional(state.profile)), ("mode", .optional(state.mode?.rawValue)),
          ("origin", .optional(state.origin?.rawValue)), ("awsrole", .optional(state.awsrole)),
          ("account", .optional(identity?.account)), ("role_arn", .optional(identity?.roleArn)),
          ("role_name", .optional(identity?.roleName)), ("region", .optional(region)),
          ("expires", .optional(expires?.description)), ("refresh_at", state.refreshAt.map { .number(String($0)) } ?? .null),
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
    if let account = identity?.account { lines.append("account \(account)") }
    if let role = identity?.roleArn ?? identity?.roleName { lines.append("role    \(role)") }
    if let region { lines.append("region  \(region)") }
    if let source { lines.append("source  \(source)") }
    if let expires {
      let left = expires.secondsSinceEpoch - Timestamp.now().secondsSinceEpoch
      lines.append("expires \(expires) (\(left > 0 ? "in \(left / 60) min" : "expired"))")
    }
    if let pending = state.pending {
      lines.append("pending profile \(pending) needs an MFA code or a login: run `rolesh use \(pending)`")
    }
    Terminal.printText(lines.joined(separator: "\n"))
  }
}
