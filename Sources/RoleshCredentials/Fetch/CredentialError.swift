import RoleshAWS
import RoleshSupport

/// A failure while fetching credentials, with the hop it happened on. The underlying error
/// decides the exit status; the message names the profile and the hop, never a secret.
package struct CredentialError: RoleshError {
  /// The top-level profile.
  package var topProfile: String
  /// What was being done: "assuming arn:… (profile b, hop 2 of 2)".
  package var hop: String
  package var underlying: Error

  package init(profile: String, hop: String, underlying: Error) {
    self.topProfile = profile
    self.hop = hop
    self.underlying = underlying
  }

  package var exitStatus: ExitStatus { (underlying as? RoleshError)?.exitStatus ?? .failure }

  /// What a person must do before this hop can succeed, when that is all that is missing (an
  /// MFA code, an IAM Identity Center login): the prompt hook turns such errors into
  /// "pending" instead of failing.
  package var pendingRemedy: String? {
    if let mfa = underlying as? MFAError, mfa.needsCode { return "needs an MFA code: run `rolesh use \(ShellWord.quote(topProfile))`" }
    if let login = underlying as? SSOLoginRequired { return "needs an IAM Identity Center login: run `\(login.command)`" }
    return nil
  }
  package var profile: String? { topProfile }
  package var message: String { "profile \(topProfile): \(hop): \(underlying)" }
}

/// A credential source that answered with something unusable (process output, metadata).
package struct SourceError: RoleshError, Equatable, Sendable {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var exitStatus: ExitStatus { .failure }
}
