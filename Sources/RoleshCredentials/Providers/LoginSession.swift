import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `login` provider (`aws login` console sessions, `login_session`): recognised in
/// its place in the order and refused clearly — its refresh needs DPoP proofs (awscrt).
package struct LoginSessionProvider: CredentialProvider {
  package var listKind: String { "login" }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool { profile.has("login_session") }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard profile.has("login_session") else { return false }
    throw planner.fail(
      .loginSessionUnsupported,
      "profile \(profile.name) uses an `aws login` session (login_session), which rolesh does not support: its refresh needs DPoP proofs; use `aws login` with AWS_PROFILE, or an SSO or role profile",
      at: profile.location(of: "login_session"))
  }
}
