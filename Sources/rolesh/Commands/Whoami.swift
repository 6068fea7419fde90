import ArgumentParser
import RoleEngine
import RoleshAWS
import RoleshSupport

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
    let environment = Environment.current()
    let identity: STSClient.CallerIdentity
    if profile == nil, let accessKey = environment.nonEmpty("AWS_ACCESS_KEY_ID") {
      // The shell's own keys (what `rolesh use` exported): ask about those.
      identity = try CallerIdentity.ofEnvironmentKeys(environment, accessKey: accessKey)
    } else {
      identity = try CallerIdentity.of(try CredentialOptions.session(profile: profile, mfaCode: mfaCode))
    }
    if json {
      Terminal.printOutput(
        JSON.object([("UserId", .string(identity.userId)), ("Account", .string(identity.account)), ("Arn", .string(identity.arn))])
          .serialized())
    } else {
      Terminal.printText("\(identity.arn)\naccount \(identity.account)\nuser id \(identity.userId)")
    }
  }
}
