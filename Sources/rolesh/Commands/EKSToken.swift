import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh eks token --cluster NAME [PROFILE]`: what a kubeconfig's exec runs.
  struct EKSToken: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "token", abstract: "Print a Kubernetes ExecCredential with an EKS token (cached for most of its 15 minutes).")

    @Option(help: "The EKS cluster's name.")
    var cluster: String

    @Argument(help: "The profile (default: the environment's identity: its keys, else AWS_PROFILE, else default).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(name: .customLong("role-arn"), help: "Assume this role first.")
    var roleArn: String?

    @Option(help: "The region of the STS endpoint (default: the profile's, else the environment's).", completion: .custom(completeRegions))
    var region: String?

    func run() throws { try EKSTokenRequest(cluster: cluster, profile: profile, roleArn: roleArn, region: region).perform() }
  }
}

/// `rolesh eks token` as plain values: kubectl runs it for every command, so its plain forms
/// skip ArgumentParser (see `FastPath`).
struct EKSTokenRequest {
  var cluster: String
  var profile: String?
  var roleArn: String?
  var region: String?

  /// `eks token --cluster NAME [--region R] [--role-arn ARN] [PROFILE]`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> EKSTokenRequest? {
    guard arguments.count >= 2, arguments[0] == "eks", arguments[1] == "token",
      let plain = PlainArguments.parse(arguments.dropFirst(2), flags: [], options: ["--cluster", "--region", "--role-arn"]),
      let cluster = plain.options["--cluster"]
    else { return nil }
    return EKSTokenRequest(cluster: cluster, profile: plain.positional, roleArn: plain.options["--role-arn"], region: plain.options["--region"])
  }

  func perform() throws {
    // Inside kubectl: no prompt, no browser; a missing MFA code or login is an error saying what to run.
    Output.printOutput(
      try EKSCommands.token(
        cluster: cluster, profile: profile, roleArn: roleArn, region: region, runtime: .live(mfa: .never, warn: Output.printError)))
  }
}
