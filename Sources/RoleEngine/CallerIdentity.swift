import RoleshAWS
import RoleshCredentials
import RoleshSupport

/// `rolesh whoami`: STS GetCallerIdentity, for a profile or for the keys a shell holds.
package enum CallerIdentity {
  /// The identity behind `profile` (or a role named on the command line), or — with neither and
  /// keys in the environment (what `rolesh use` exported) — behind those keys.
  package static func of(profile: String?, role: OneOffRole? = nil, runtime: Runtime) throws -> STSClient.CallerIdentity {
    if let role {
      let session = try CredentialSession(role: role, runtime: runtime)
      return try session.stsClient().getCallerIdentity(try session.credentials())
    }
    if profile == nil, let keys = CredentialEnvironment.keys(in: runtime.environment) {
      let config = try runtime.config()
      let environment = runtime.environment
      let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
      let endpoint = try STSEndpoint.resolve(profile: nil, config: config, environment: environment, region: region)
      return try runtime.stsClient(endpoint: endpoint).getCallerIdentity(keys)
    }
    let (session, credentials) = try NoIdentity.resolving(profile: profile, command: "whoami", runtime: runtime)
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

/// A shell with no AWS identity at all — no keys in its environment, no `AWS_PROFILE`, and a
/// `[default]` without credentials of its own (a region only, or none) — asked who it is: the
/// only thing left to try is the instance-metadata fallback, and its failure says nothing
/// useful ("credential source Ec2InstanceMetadata of profile default"). Said plainly, with how
/// to name an identity.
package struct NoIdentity: RoleshError {
  var command: String
  var reason: String

  package var message: String {
    "this shell has no AWS identity (no keys in its environment, no AWS_PROFILE, and profile default has no credentials of its own; the instance-metadata fallback found none: \(reason)): run `rolesh use PROFILE` first, or name one: rolesh \(command) PROFILE"
  }
  package var exitStatus: ExitStatus { .configuration }

  /// A session and its credentials for `profile`, or the environment's choice; the
  /// no-identity case reported as such.
  static func resolving(profile: String?, command: String, runtime: Runtime) throws -> (CredentialSession, AWSCredentials) {
    let selection = ProfileSelection.choose(argument: profile, environment: runtime.environment)
    do {
      let session = try CredentialSession(selection: selection, runtime: runtime)
      return (session, try session.credentials())
    } catch {
      guard selection == .implicitDefault, let config = try? runtime.config(),
        config.profile("default").map({ ProviderRegistry.source(of: $0, in: config) == nil }) ?? true
      else { throw error }
      throw NoIdentity(command: command, reason: (error as? RoleshError)?.message ?? "\(error)")
    }
  }
}
