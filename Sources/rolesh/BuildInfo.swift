import CBuildInfo

/// The version and commit compiled in (CBuildInfo): `rolesh --version`.
enum BuildInfo {
  static let version = String(cString: rolesh_build_version())
  static let commit = String(cString: rolesh_build_commit())

  /// `0.3.0 (commit 1a2b3c4d5e6f)`.
  static var description: String { "\(version) (commit \(commit))" }
}
