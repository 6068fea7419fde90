/// A failure while fetching credentials, with the hop it happened on. The underlying error
/// decides the exit code; the message names the profile and the hop, never a secret.
package struct CredentialError: Error, CustomStringConvertible {
  /// The top-level profile.
  package var profile: String
  /// What was being done: "assuming arn:… (profile b)".
  package var hop: String
  package var underlying: Error

  package init(profile: String, hop: String, underlying: Error) {
    self.profile = profile
    self.hop = hop
    self.underlying = underlying
  }

  package var description: String { "profile \(profile): \(hop): \(underlying)" }
}

/// A credential source that answered with something unusable (process output, metadata).
package struct SourceError: Error, Equatable, Sendable, CustomStringConvertible {
  package var message: String
  package init(_ message: String) { self.message = message }
  package var description: String { message }
}
