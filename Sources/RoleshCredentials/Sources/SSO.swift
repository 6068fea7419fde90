import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `SSOProvider`: profiles with `sso_account_id` or `sso_role_name`.
package struct SSOSource: CredentialSource {
  package var listKind: String { "sso" }
  package var cachesCredentials: Bool { true }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool {
    profile.has("sso_account_id") || profile.has("sso_role_name")
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard recognizes(profile, in: planner.config) else { return false }
    throw planner.fail(
      .noCredentials,
      "profile \(profile.name) uses IAM Identity Center (SSO), which rolesh does not resolve yet; use `aws sso login` and AWS_PROFILE",
      at: profile.location(of: profile.has("sso_account_id") ? "sso_account_id" : "sso_role_name"))
  }
}
