import RoleshAWS
import RoleshSupport

/// The variables a child process or a shell gets for a set of credentials (design.md §2).
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
