import RoleshSupport

/// Proof Key for Code Exchange (RFC 7636) and the OAuth state.
package enum PKCE {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)

  /// 64 characters of `[A-Za-z0-9-._~]` from the system's random source.
  package static func verifier() -> String {
    var generator = SystemRandomNumberGenerator()
    return String(decoding: (0..<64).map { _ in alphabet.randomElement(using: &generator)! }, as: UTF8.self)
  }

  /// `base64url(sha256(verifier))` without padding (S256).
  package static func challenge(_ verifier: String) -> String {
    Base64URL.encode(Digest.sha256(Array(verifier.utf8)))
  }

  /// A random (version 4) UUID.
  package static func uuid() -> String {
    var generator = SystemRandomNumberGenerator()
    var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &generator) }
    bytes[6] = (bytes[6] & 0x0F) | 0x40
    bytes[8] = (bytes[8] & 0x3F) | 0x80
    let hex = Digest.hex(bytes)
    let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
      String(hex.utf8.dropFirst(range.lowerBound).prefix(range.count).map { Character(Unicode.Scalar($0)) })
    }
    return parts.joined(separator: "-")
  }
}
