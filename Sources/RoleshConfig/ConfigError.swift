import RoleshSupport

/// A problem with `~/.aws/config`, `~/.aws/credentials` or the profile they describe.
///
/// The codes are the stable identifiers of docs/contract.md (`explain --json` prints them); every
/// one of them is a configuration error (exit 78) except where the CLI maps it otherwise.
package struct ConfigError: RoleshError, Equatable, Sendable {
  /// Stable machine-readable codes.
  package enum Code: String, Sendable, CaseIterable {
    case profileNotFound = "profile-not-found"
    case configParse = "config-parse"
    case infiniteLoop = "infinite-loop"
    case bothSources = "both-sources"
    case noSource = "no-source"
    case invalidCredentialSource = "invalid-credential-source"
    case sourceProfileMissing = "source-profile-missing"
    case sourceWithoutCredentials = "source-without-credentials"
    case partialCredentials = "partial-credentials"
    case webIdentityNoRole = "web-identity-no-role"
    case noCredentials = "no-credentials"
    case ssoMissingConfig = "sso-missing-config"
    case ssoSessionMissing = "sso-session-missing"
    case ssoInconsistent = "sso-inconsistent"
    case loginSessionUnsupported = "login-session-unsupported"
    // Found only when credentials are fetched (not by `explain`):
    /// Region, endpoint or `services` settings that cannot be used.
    case endpointConfig = "endpoint-config"
    /// A parameter STS would reject before trying (botocore's ParamValidationError).
    case invalidParameter = "invalid-parameter"
  }

  package var code: Code
  /// What happened and, where useful, what to do. Never contains a secret.
  package var message: String
  /// The profile being resolved when the problem was found (the top-level one).
  package var profile: String?
  /// File and line the problem points at, when there is one.
  package var location: SourceLocation?

  package init(_ code: Code, _ message: String, profile: String? = nil, location: SourceLocation? = nil) {
    self.code = code
    self.message = message
    self.profile = profile
    self.location = location
  }

  package var exitStatus: ExitStatus { .configuration }
}
