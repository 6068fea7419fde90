import RoleshAWS
import RoleshSupport

/// The name of a cache entry: the SHA-1 of a canonical JSON text, as the tool that owns the
/// entry computes it. botocore hashes `json.dumps(args, sort_keys=True)` (default separators,
/// `ensure_ascii`); the AWS CLI v2 hashes its SSO keys with compact separators. The text is
/// built here byte for byte (`JSONEncoder` would escape `/` and drop the spaces).
package struct CacheKey: Hashable, Sendable, CustomStringConvertible {
  /// Lowercase hex SHA-1.
  package var hash: String
  /// Put before the hash in the file name: rolesh's own entries are marked so that nothing
  /// mistakes them for the AWS CLI's.
  package var prefix: String

  /// The key of `document` (keys sorted by code point) written in `style`.
  package init(document: JSON, style: JSONStyle = .python, prefix: String = "") {
    self.init(hashing: document.sortedKeys.serialized(style), prefix: prefix)
  }

  /// The key of an already canonical text.
  package init(hashing text: String, prefix: String = "") {
    hash = Digest.hex(Digest.sha1(Array(text.utf8)))
    self.prefix = prefix
  }

  /// `<prefix><hash>.json`.
  package var fileName: String { prefix + hash + ".json" }

  package var description: String { fileName }
}
