import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh use PROFILE [--mode keys|profile] [--region R]`, `rolesh use --role-arn ARN …`,
  /// `rolesh use --auto`, and `rolesh use` alone: a picker on the terminal.
  struct Use: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Switch this shell to PROFILE, or to a role given with --role-arn (pinned until `rolesh use --auto`); without either, pick a profile from a list.")

    @Argument(help: "The profile to use (default: pick one from a list on the terminal).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(help: "keys (export credentials, the default) or profile (export AWS_PROFILE).")
    var mode: ShellMode?

    @Option(help: "Region to export (default: the profile's region).", completion: .custom(completeRegions))
    var region: String?

    @Flag(help: "Unpin: follow .awsrole files again.")
    var auto = false

    @OptionGroup var options: CredentialOptions

    @OptionGroup var role: RoleOptions

    func validate() throws {
      if auto && (profile != nil || role.roleArn != nil) { throw ValidationError("give a profile (or --role-arn), or --auto") }
      if auto && (mode != nil || region != nil) { throw ValidationError("--auto takes no --mode or --region") }
      if profile != nil && role.roleArn != nil { throw ValidationError("give a profile or --role-arn, not both") }
    }

    func run() throws {
      try UseRequest(profile: profile, mode: mode, region: region, auto: auto, mfaCode: options.mfaCode, role: role.arguments).perform()
    }
  }
}

/// `rolesh use` as plain values: the fast path and ArgumentParser both end here.
struct UseRequest {
  var profile: String?
  var mode: ShellMode?
  var region: String?
  var auto = false
  var mfaCode: String?
  /// `--role-arn` and its companions.
  var role = RoleArguments()

  /// `use PROFILE [--mode M] [--region R]`, the same with `--role-arn ARN …` for PROFILE, and
  /// `use --auto`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> UseRequest? {
    guard arguments.first == "use",
      let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--auto"], options: ["--mode", "--region"] + RoleArguments.optionNames),
      let role = RoleArguments(fastOptions: plain.options)
    else { return nil }
    var request = UseRequest(profile: plain.positional, auto: plain.flags.contains("--auto"), role: role)
    if let mode = plain.options["--mode"] {
      guard let parsed = ShellMode(rawValue: mode) else { return nil }
      request.mode = parsed
    }
    request.region = plain.options["--region"]
    // The picker (no profile or role) and the mistakes go through ArgumentParser.
    let named = request.profile != nil || role.roleArn != nil
    guard request.auto != named, !(request.profile != nil && role.roleArn != nil),
      !(request.auto && (request.mode != nil || request.region != nil))
    else {
      return nil
    }
    return request
  }

  func perform() throws {
    let runtime = Runtime.live(mfa: MFAInput(code: mfaCode), warn: Output.printError)
    let controller = try ShellController.forCallingShell("use", runtime: runtime)
    if auto {
      Output.printOutput(try controller.useAuto(), terminator: "")
      return
    }
    if let role = try role.role(runtime: runtime) {
      Output.printOutput(try controller.use(role: role, mode: mode, region: region, offerLogin: LoginOffer.accepted), terminator: "")
      return
    }
    // No profile: a person picks one on the terminal (never on stdout, which the shell
    // function evaluates); without a terminal that is a usage error.
    let profile = try self.profile ?? PickerTerminal.pick(runtime: runtime)
    Output.printOutput(try controller.use(profile: profile, mode: mode, region: region, offerLogin: LoginOffer.accepted), terminator: "")
  }
}
