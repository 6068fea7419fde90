/// A short, one-way fingerprint of a value rolesh exported: enough to notice that the value is
/// still (or no longer) the one rolesh set, useless for recovering it. `ROLESH_MANAGED` holds
/// `NAME=fingerprint` pairs.
package enum ValueFingerprint {
  package static func of(_ value: String) -> String {
    String(Digest.hex(Digest.sha256(Array(("rolesh:" + value).utf8))).prefix(16))
  }

  /// Whether `name` in `environment` still holds the value rolesh exported into it.
  package static func isRoleshValue(_ name: String, in environment: Environment) -> Bool {
    guard let value = environment.nonEmpty(name), let managed = environment["ROLESH_MANAGED"] else { return false }
    let expected = name + "=" + of(value)
    return managed.split(separator: " ").contains { $0 == expected }
  }
}
