import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh explain [PROFILE] [--json]`: how a profile resolves, without network or prompts.
  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how a profile resolves: each step, where it is configured, its cache entry, MFA.")

    @Argument(help: "The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).", completion: .custom(completeProfiles))
    var profile: String?

    @Flag(help: "Print the plan as JSON.")
    var json = false

    @OptionGroup var role: RoleOptions

    func validate() throws {
      if profile != nil && role.roleArn != nil { throw ValidationError("give a profile or --role-arn, not both") }
    }

    func run() throws { try ExplainRequest(profile: profile, json: json, role: role.arguments).perform() }
  }
}

/// `rolesh explain` as plain values: the fast path and ArgumentParser both end here.
struct ExplainRequest {
  var profile: String?
  var json = false
  /// `--role-arn` and its companions (never on the fast path).
  var role = RoleArguments()

  /// `explain [PROFILE] [--json]`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> ExplainRequest? {
    guard arguments.first == "explain", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--json"], options: [])
    else { return nil }
    return ExplainRequest(profile: plain.positional, json: plain.flags.contains("--json"))
  }

  func perform() throws {
    let runtime = Runtime.live(mfa: .never, warn: Output.printError)
    let text = try ExplainReport.output(profile: profile, role: role.role(runtime: runtime), json: json, runtime: runtime) {
      Output.printOutput($0)
    }
    if json { Output.printOutput(text) } else { Output.printText(text) }
  }
}
