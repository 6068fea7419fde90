import RoleshAWS
import RoleshSupport

/// The variables a child process or a shell gets for a set of credentials (docs/shell-contract.md).
package enum CredentialEnvironment {
  /// Variables removed before the new ones are set (one list, shared with the shell).
  package static var cleared: [String] { CredentialVariables.cleared }

  /// Name/value pairs in a fixed order.
  package static func variables(_ credentials: AWSCredentials, profile: String, region: String?) -> [(String, String)] {
    var variables = [
      ("AWS_ACCESS_KEY_ID", credentials.accessKeyId), ("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey),
    ]
    if let token = credentials.sessionToken { variables.append(("AWS_SESSION_TOKEN", token)) }
    if let expiration = credentials.expiration { variables.append(("AWS_CREDENTIAL_EXPIRATION", expiration.description)) }
    if let region {
      variables.append(("AWS_REGION", region))
      variables.append(("AWS_DEFAULT_REGION", region))
    }
    variables.append(("ROLESH_PROFILE", profile))
    return variables
  }

  /// The keys an environment holds, as botocore's environment provider reads them: both key
  /// variables non-empty, the token from `AWS_SECURITY_TOKEN` or else `AWS_SESSION_TOKEN`, the
  /// expiry from `AWS_CREDENTIAL_EXPIRATION`. nil without both keys. The one reader of a shell's
  /// own keys: `credential_source = Environment`, `whoami` and `console` without a profile.
  package static func keys(in environment: Environment) -> AWSCredentials? {
    guard let accessKey = environment.nonEmpty("AWS_ACCESS_KEY_ID"), let secret = environment.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
      return nil
    }
    return AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: secret,
      sessionToken: environment.nonEmpty("AWS_SECURITY_TOKEN") ?? environment.nonEmpty("AWS_SESSION_TOKEN"),
      expiration: environment.nonEmpty("AWS_CREDENTIAL_EXPIRATION").flatMap { Timestamp(iso8601: $0) },
      accountId: environment.nonEmpty("AWS_ACCOUNT_ID"))
  }

  /// The credential_process document (Version 1).
  package static func processJSON(_ credentials: AWSCredentials) -> JSON {
    var fields: [(String, JSON)] = [
      ("Version", .number("1")), ("AccessKeyId", .string(credentials.accessKeyId)),
      ("SecretAccessKey", .string(credentials.secretAccessKey)),
    ]
    if let token = credentials.sessionToken { fields.append(("SessionToken", .string(token))) }
    if let expiration = credentials.expiration { fields.append(("Expiration", .string(expiration.description))) }
    if let account = credentials.accountId { fields.append(("AccountId", .string(account))) }
    return .object(fields)
  }
}
