import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh whoami [PROFILE] [--json]`: STS GetCallerIdentity.
  struct Whoami: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the identity behind a profile, or behind the current environment's credentials.")

    @Argument(help: "The profile (default: the credentials in the environment, else AWS_PROFILE).")
    var profile: String?

    @Flag(help: "Print the identity as JSON.")
    var json = false

    @OptionGroup var options: CredentialOptions

    func run() throws {
      let environment = Environment.current()
      let identity: STSClient.CallerIdentity
      if profile == nil, let accessKey = environment.nonEmpty("AWS_ACCESS_KEY_ID") {
        // The shell's own keys (what `rolesh use` exported): ask about those.
        let credentials = AWSCredentials(
          accessKeyId: accessKey, secretAccessKey: environment.nonEmpty("AWS_SECRET_ACCESS_KEY") ?? "",
          sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN"))
        let config = try ConfigLoader.load(environment)
        let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
        let endpoint = try STSEndpoint.resolve(profile: nil, config: config, environment: environment, region: region)
        identity = try STSClient(transport: CurlTransport(environment: environment), endpoint: endpoint)
          .getCallerIdentity(credentials)
      } else {
        let session = try options.session(profile: profile)
        let credentials = try session.credentials()
        identity = try session.resolver.stsClient().getCallerIdentity(credentials)
      }
      if json {
        Terminal.printOutput(
          JSON.object([("UserId", .string(identity.userId)), ("Account", .string(identity.account)), ("Arn", .string(identity.arn))])
            .serialized())
      } else {
        Terminal.printOutput("\(identity.arn)\naccount \(identity.account)\nuser id \(identity.userId)")
      }
    }
  }
}
