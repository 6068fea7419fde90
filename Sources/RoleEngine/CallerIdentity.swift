import RoleshAWS
import RoleshCredentials
import RoleshSupport

/// `rolesh whoami`: STS GetCallerIdentity, for a profile or for the keys a shell holds.
package enum CallerIdentity {
  /// The identity behind `profile`, or — with no profile and keys in the environment (what
  /// `rolesh use` exported) — behind those keys.
  package static func of(profile: String?, runtime: Runtime) throws -> STSClient.CallerIdentity {
    if profile == nil, let keys = CredentialEnvironment.keys(in: runtime.environment) {
      let config = try runtime.config()
      let environment = runtime.environment
      let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
      let endpoint = try STSEndpoint.resolve(profile: nil, config: config, environment: environment, region: region)
      return try runtime.stsClient(endpoint: endpoint).getCallerIdentity(keys)
    }
    let session = try CredentialSession(selection: .choose(argument: profile, environment: runtime.environment), runtime: runtime)
    let credentials = try session.credentials()
    return try session.stsClient().getCallerIdentity(credentials)
  }

  /// What `whoami` prints: the ARN, account and user id, or the same as JSON.
  package static func render(_ identity: STSClient.CallerIdentity, json: Bool) -> String {
    if json {
      return JSON.object([("UserId", .string(identity.userId)), ("Account", .string(identity.account)), ("Arn", .string(identity.arn))])
        .serialized()
    }
    return "\(identity.arn)\naccount \(identity.account)\nuser id \(identity.userId)"
  }
}
