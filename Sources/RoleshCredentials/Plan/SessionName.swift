import RoleshSupport

/// The default role session name and STS's rule for names.
package enum SessionName {
  private static let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_+=,.@-".unicodeScalars)

  /// `rolesh-<user>`, reduced to STS's alphabet `[\w+=,.@-]` and 64 characters.
  package static func defaultName(user: String) -> String {
    var name = "rolesh-"
    for scalar in user.unicodeScalars {
      name.unicodeScalars.append(allowed.contains(scalar) ? scalar : "-")
    }
    return String(name.unicodeScalars.prefix(64))
  }

  /// STS's rule: 2–64 characters of `[\w+=,.@-]`.
  package static func isValid(_ name: String) -> Bool {
    let scalars = name.unicodeScalars
    return scalars.count >= 2 && scalars.count <= 64 && scalars.allSatisfy(allowed.contains)
  }
}
