import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshCurl
import RoleshSupport

/// `rolesh whoami`: STS GetCallerIdentity, for a profile or for the keys a shell holds.
package enum CallerIdentity {
  /// The identity behind the environment's own keys (what `rolesh use` exported).
  package static func ofEnvironmentKeys(_ environment: Environment, accessKey: String) throws -> STSClient.CallerIdentity {
    let credentials = AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: environment.nonEmpty("AWS_SECRET_ACCESS_KEY") ?? "",
      sessionToken: environment.nonEmpty("AWS_SESSION_TOKEN"))
    let config = try ConfigLoader.load(environment)
    let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
    let endpoint = try STSEndpoint.resolve(profile: nil, config: config, environment: environment, region: region)
    var client = STSClient(transport: CurlTransport(environment: environment), endpoint: endpoint)
    client.timeout = try environment.seconds("ROLESH_STS_TIMEOUT", default: 30, within: 0.1...600)
    return try client.getCallerIdentity(credentials)
  }

  /// The identity behind a session's credentials.
  package static func of(_ session: CredentialSession) throws -> STSClient.CallerIdentity {
    let credentials = try session.credentials()
    return try session.stsClient().getCallerIdentity(credentials)
  }
}
