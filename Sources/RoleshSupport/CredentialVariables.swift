/// The variables a switch of identity owns (`exec`, `export --format SHELL` and the shell
/// integration all clear them first, so a stale profile or key cannot win).
package enum CredentialVariables {
  package static let cleared = [
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
  ]
}
