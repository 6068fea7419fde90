import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh whoami [PROFILE] [--json]`: STS GetCallerIdentity.
  struct Whoami: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the identity behind a profile, or behind the current environment's credentials.")

    @Argument(help: "The profile (default: the credentials in the environment, else AWS_PROFILE).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Flag(help: "Print the identity as JSON.")
    var json = false

    @OptionGroup var options: CredentialOptions

    @OptionGroup var role: RoleOptions

    func validate() throws {
      if profile != nil && role.roleArn != nil { throw ValidationError("give a profile or --role-arn, not both") }
    }

    func run() throws { try WhoamiRequest(profile: profile, json: json, mfaCode: options.mfaCode, role: role.arguments).perform() }
  }
}

/// `rolesh whoami` as plain values: the fast path and ArgumentParser both end here.
struct WhoamiRequest {
  var profile: String?
  var json = false
  var mfaCode: String?
  /// `--role-arn` and its companions (never on the fast path).
  var role = RoleArguments()

  /// `whoami [PROFILE] [--json]`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> WhoamiRequest? {
    guard arguments.first == "whoami", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--json"], options: [])
    else { return nil }
    return WhoamiRequest(profile: plain.positional, json: plain.flags.contains("--json"))
  }

  func perform() throws {
    let runtime = Runtime.live(mfa: MFAInput(code: mfaCode), warn: Output.printError)
    let identity = try CallerIdentity.of(profile: profile, role: try role.role(runtime: runtime), runtime: runtime)
    let text = CallerIdentity.render(identity, json: json)
    if json { Output.printOutput(text) } else { Output.printText(text) }
  }
}
