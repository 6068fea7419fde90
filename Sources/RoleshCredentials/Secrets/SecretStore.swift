import RoleshSupport

/// Where secrets are kept outside plaintext files: the OS keyring (the freedesktop Secret
/// Service), `pass`, later the macOS Keychain or a password manager's CLI. Credentials owns this
/// protocol, as it owns `PluginHost`; each backend is one conforming type in the layer that may
/// reach its C library or program, and is chosen in the composition root (`Runtime`).
///
/// Items are found by attributes (`SecretItem`), never by a label; the label is for people
/// browsing the keyring. Secrets cross this seam as bytes, so callers can clear them after use.
package protocol SecretStore: AnyObject {
  /// The backend's name, as `ROLESH_KEYS_BACKEND` and messages spell it.
  var name: String { get }
  /// The secret stored for `item`, or nil when there is none.
  func read(_ item: SecretItem) throws -> [UInt8]?
  /// Stores `secret` for `item`, replacing what was there.
  func write(_ item: SecretItem, secret: [UInt8], label: String) throws
  /// Removes `item`'s secret; whether there was one.
  @discardableResult func delete(_ item: SecretItem) throws -> Bool
}

/// What identifies a stored secret: rolesh's own attribute and the profile it belongs to.
package struct SecretItem: Equatable, Hashable, Sendable {
  /// The `service` attribute: `rolesh`, so rolesh never reads another program's items.
  package var service: String
  /// The profile the secret belongs to.
  package var profile: String

  package init(profile: String, service: String = "rolesh") {
    self.service = service
    self.profile = profile
  }
}

/// A secret store that cannot be used here, and says why and what to do (no backend
/// reachable): every call fails with that message, nothing is written anywhere else.
package final class UnavailableSecretStore: SecretStore {
  package let name: String
  package let reason: String

  package init(name: String, reason: String) {
    self.name = name
    self.reason = reason
  }

  package func read(_ item: SecretItem) throws -> [UInt8]? { throw GeneralError(reason, status: .unavailable) }
  package func write(_ item: SecretItem, secret: [UInt8], label: String) throws { throw GeneralError(reason, status: .unavailable) }
  package func delete(_ item: SecretItem) throws -> Bool { throw GeneralError(reason, status: .unavailable) }
}
