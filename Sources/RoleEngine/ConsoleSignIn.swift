import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh console`: which credentials the federation endpoint takes as they are, and which go
/// through GetFederationToken first; then the sign-in URL (a bearer secret for 15 minutes: it
/// goes to the browser or stdout, never into a message).
package enum ConsoleSignIn {
  /// What the federation endpoint accepts, by where the credentials came from.
  package enum Credentials {
    /// Role (or federated-user) session credentials, sent as they are.
    case session(AWSCredentials, SignInSession)
    /// An IAM user's long-term keys: exchanged for GetFederationToken credentials first.
    case longTerm(AWSCredentials)
  }

  /// Classifies resolved credentials: the plan's last step answers when it knows (a role, SSO,
  /// a container or instance role), else STS says who they belong to.
  package static func classify(
    _ credentials: AWSCredentials, plan: ResolutionPlan?, config: AWSConfig?, callerArn: () throws -> String
  ) throws -> Credentials {
    if let plan, let config, let last = plan.steps.last {
      let source = plan.steps.count >= 2 ? plan.steps[plan.steps.count - 2] : nil
      if let session = last.signInSession(after: source, config: config) { return .session(credentials, session) }
    }
    let arn = try callerArn()
    if arn.contains(":assumed-role/") || arn.contains(":federated-user/") {
      return .session(credentials, SignInSession(durationAllowed: false))
    }
    guard credentials.sessionToken == nil else {
      throw GeneralError(
        "these are GetSessionToken credentials of \(arn): AWS accepts them neither for a console sign-in nor for GetFederationToken; use a role profile, or the user's long-term keys",
        status: .permission)
    }
    return .longTerm(credentials)
  }

  /// The sign-in URL for `destination`.
  package static func url(
    for credentials: Credentials, federation: FederationEndpoint, destination: String, duration: Int?, sts: () throws -> STSClient,
    callerArn: () throws -> String
  ) throws -> String {
    var session: AWSCredentials
    var sessionDuration: Int?
    switch credentials {
    case .session(let given, let kind):
      session = given
      if let duration {
        guard kind.durationAllowed else {
          throw GeneralError(
            "--duration applies only to roles assumed directly from long-term keys or a web identity (AWS refuses SessionDuration for chained roles, SSO and federation tokens)",
            status: .usage)
        }
        sessionDuration = duration
      }
    case .longTerm(let keys):
      if duration != nil {
        throw GeneralError("--duration does not apply to an IAM user's keys (GetFederationToken sessions last their own 12 hours)", status: .usage)
      }
      session = try federationToken(keys, name: FederationEndpoint.federationName(arn: try callerArn()), sts: sts())
    }
    let signinToken = try federation.signinToken(for: session, duration: sessionDuration)
    return federation.loginURL(signinToken: signinToken, destination: destination)
  }

  /// GetFederationToken with an allow-all inline policy (the session gets the user's own
  /// permissions, no more).
  static func federationToken(_ keys: AWSCredentials, name: String, sts: STSClient) throws -> AWSCredentials {
    let policy = #"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#
    do {
      return try sts.getFederationToken([("Name", name), ("Policy", policy)], source: keys).credentials
    } catch let error as STSError where error.exitStatus == .permission {
      throw GeneralError(
        "STS refused GetFederationToken (\(error.code)): an IAM user reaches the console through it, and it cannot carry an MFA code — under a policy that requires MFA this is impossible; use a role profile instead",
        status: .permission)
    }
  }
}
