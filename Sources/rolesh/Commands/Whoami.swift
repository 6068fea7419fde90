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

    func run() throws { try WhoamiRequest(profile: profile, json: json, mfaCode: options.mfaCode).perform() }
  }
}

/// `rolesh whoami` as plain values: the fast path and ArgumentParser both end here.
struct WhoamiRequest {
  var profile: String?
  var json = false
  var mfaCode: String?

  /// `whoami [PROFILE] [--json]`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> WhoamiRequest? {
    guard arguments.first == "whoami", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--json"], options: [])
    else { return nil }
    return WhoamiRequest(profile: plain.positional, json: plain.flags.contains("--json"))
  }

  func perform() throws {
    let runtime = Runtime.live(mfa: MFAInput(code: mfaCode), warn: Output.printError)
    let text = CallerIdentity.render(try CallerIdentity.of(profile: profile, runtime: runtime), json: json)
    if json { Output.printOutput(text) } else { Output.printText(text) }
  }
}
