import RoleshSupport

/// A set of AWS credentials. `description` never shows the secret parts.
package struct AWSCredentials: Equatable, Sendable, CustomStringConvertible {
  package var accessKeyId: String
  package var secretAccessKey: String
  package var sessionToken: String?
  /// When temporary credentials stop working; `nil` for long-lived keys.
  package var expiration: Timestamp?
  package var accountId: String?

  package init(
    accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Timestamp? = nil,
    accountId: String? = nil
  ) {
    self.accessKeyId = accessKeyId
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.expiration = expiration
    self.accountId = accountId
  }

  /// The access key with all but its first four and last four characters masked.
  package var maskedAccessKeyId: String {
    guard accessKeyId.count > 8 else { return "****" }
    return String(accessKeyId.prefix(4)) + String(repeating: "*", count: accessKeyId.count - 8) + String(accessKeyId.suffix(4))
  }

  package var description: String { "credentials \(maskedAccessKeyId)" }

  /// Whether every part is printable ASCII, as AWS issues them. A NUL or a line break in a key
  /// (from a hostile credential_process, a crafted cache file or an `&#0;` in an STS answer)
  /// would be cut short by a shell or an environment block, half-applying an identity.
  package var isPrintable: Bool {
    func printable(_ text: String) -> Bool { text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F } }
    return printable(accessKeyId) && printable(secretAccessKey) && (sessionToken.map(printable) ?? true)
  }
}
