import RoleshSupport

/// The default role session name and STS's rule for names.
package enum SessionName {
  /// STS's alphabet. A comparison, not a `Set`: every resolution computes the default name,
  /// and building a set of scalars cost a warm `export` about 20 µs of start-up.
  private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar {
    case "a"..."z", "A"..."Z", "0"..."9", "_", "+", "=", ",", ".", "@", "-": return true
    default: return false
    }
  }

  /// `rolesh-<user>`, reduced to STS's alphabet `[\w+=,.@-]` and 64 characters.
  package static func defaultName(user: String) -> String {
    var name = "rolesh-"
    for scalar in user.unicodeScalars {
      name.unicodeScalars.append(allowed(scalar) ? scalar : "-")
    }
    return String(name.unicodeScalars.prefix(64))
  }

  /// STS's rule: 2–64 characters of `[\w+=,.@-]`.
  package static func isValid(_ name: String) -> Bool {
    let scalars = name.unicodeScalars
    return scalars.count >= 2 && scalars.count <= 64 && scalars.allSatisfy(allowed)
  }
}
