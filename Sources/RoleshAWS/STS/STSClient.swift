import RoleshConfig
import RoleshSupport

/// The STS operations rolesh uses, over the query protocol (form POST, XML answers).
package struct STSClient {
  package var transport: HTTPTransport
  package var endpoint: STSEndpoint
  /// Attempts per call, counting the first (throttling, 5xx and dropped connections retry).
  package var maxAttempts = 3
  /// Seconds allowed for one attempt (`ROLESH_STS_TIMEOUT`, default 30).
  package var timeout: Double = 30
  package var clock: () -> Timestamp = { .now() }
  /// Sleeps between attempts; replaced in tests.
  package var sleep: (Double) -> Void = MonotonicClock.sleep

  package init(transport: HTTPTransport, endpoint: STSEndpoint) {
    self.transport = transport
    self.endpoint = endpoint
  }

  /// What AssumeRole and AssumeRoleWithWebIdentity return.
  package struct RoleCredentials: Sendable {
    package var credentials: AWSCredentials
    /// `Expiration` exactly as STS sent it.
    package var expirationText: String
    package var assumedRoleId: String?
    package var assumedRoleArn: String?
  }

  package struct CallerIdentity: Equatable, Sendable {
    package var userId: String
    package var account: String
    package var arn: String
  }

  /// AssumeRole, signed with `source`.
  package func assumeRole(_ parameters: [(String, String)], source: AWSCredentials) throws -> RoleCredentials {
    let body = try call("AssumeRole", parameters, signedWith: source)
    return try roleCredentials(body, operation: "AssumeRole")
  }

  /// GetSessionToken (with an MFA code), signed with an IAM user's long-term keys.
  package func getSessionToken(_ parameters: [(String, String)], source: AWSCredentials) throws -> RoleCredentials {
    let body = try call("GetSessionToken", parameters, signedWith: source)
    return try roleCredentials(body, operation: "GetSessionToken")
  }

  /// GetFederationToken, signed with an IAM user's long-term keys (the console's way in for
  /// them: the federation endpoint refuses long-term and GetSessionToken credentials).
  package func getFederationToken(_ parameters: [(String, String)], source: AWSCredentials) throws -> RoleCredentials {
    let body = try call("GetFederationToken", parameters, signedWith: source)
    return try roleCredentials(body, operation: "GetFederationToken")
  }

  /// AssumeRoleWithWebIdentity: unsigned, the token is the proof.
  package func assumeRoleWithWebIdentity(_ parameters: [(String, String)]) throws -> RoleCredentials {
    let body = try call("AssumeRoleWithWebIdentity", parameters, signedWith: nil)
    return try roleCredentials(body, operation: "AssumeRoleWithWebIdentity")
  }

  package func getCallerIdentity(_ credentials: AWSCredentials) throws -> CallerIdentity {
    let body = try call("GetCallerIdentity", [], signedWith: credentials)
    guard let arn = XMLText.value("Arn", in: body), let account = XMLText.value("Account", in: body) else {
      throw malformed("GetCallerIdentity", body)
    }
    return CallerIdentity(userId: XMLText.value("UserId", in: body) ?? "", account: account, arn: arn)
  }

  private func roleCredentials(_ body: String, operation: String) throws -> RoleCredentials {
    guard let accessKey = XMLText.value("AccessKeyId", in: body, within: "Credentials"),
      let secret = XMLText.value("SecretAccessKey", in: body, within: "Credentials"),
      let token = XMLText.value("SessionToken", in: body, within: "Credentials"),
      let expirationText = XMLText.value("Expiration", in: body, within: "Credentials"),
      let expiration = Timestamp(iso8601: expirationText)
    else { throw malformed(operation, body) }
    let arn = XMLText.value("Arn", in: body, within: "AssumedRoleUser")
    // botocore takes the account from the assumed-role ARN's fifth field.
    let account = arn.flatMap { arn -> String? in
      let fields = arn.split(separator: ":", omittingEmptySubsequences: false)
      return fields.count > 5 && fields[0] == "arn" ? String(fields[4]) : nil
    }
    return RoleCredentials(
      credentials: AWSCredentials(
        accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token, expiration: expiration, accountId: account),
      expirationText: expirationText, assumedRoleId: XMLText.value("AssumedRoleId", in: body, within: "AssumedRoleUser"),
      assumedRoleArn: arn)
  }

  private func malformed(_ operation: String, _ body: String) -> STSError {
    STSError(
      code: "MalformedResponse",
      message: "the answer from \(endpoint.url) is not an STS \(operation) response (starts with \(String(body.prefix(60)).debugDescription))",
      operation: operation, httpStatus: 200)
  }

  /// One operation over the query protocol, with retries; returns the 2xx body.
  private func call(_ operation: String, _ parameters: [(String, String)], signedWith credentials: AWSCredentials?) throws -> String {
    var query = QueryProtocol(
      transport: transport, url: endpoint.url, signingRegion: endpoint.signingRegion, service: "sts", version: "2011-06-15")
    query.maxAttempts = maxAttempts
    query.timeout = timeout
    query.clock = clock
    query.sleep = sleep
    return try query.call(operation, parameters, signedWith: credentials)
  }
}

