import RoleshSupport

/// What rolesh has applied to a shell, kept in exported `ROLESH_*` variables (docs/shell-contract.md).
/// No secret is ever stored here: values are recorded as fingerprints only.
package struct ShellState: Equatable, Sendable {
  package enum Origin: String, Sendable {
    /// `rolesh use`: stays until `rolesh use --auto` or `rolesh unset`.
    case pin
    /// A trusted `.awsrole`.
    case awsrole
  }

  package var profile: String?
  /// When `profile` (or `pending`) is a role named on the command line: the name of the file
  /// that keeps its settings (docs/shell-contract.md), so the hook can refresh it.
  package var role: String?
  package var mode: ShellMode?
  package var origin: Origin?
  /// The applied (or pending, or untrusted-and-announced) `.awsrole`.
  package var awsrole: String?
  package var awsroleHash: String?
  /// Variables rolesh set (name → fingerprint of the value) or removed (name → `-`).
  package var managed: [String: String] = [:]
  /// Variables whose earlier value sits in a shell-local `__rolesh_saved_NAME`.
  package var saved: Set<String> = []
  /// Epoch seconds at which exported keys enter the refresh window.
  package var refreshAt: Int?
  /// Epoch seconds at which the identity's credentials end (for prompts: time left).
  package var expiresAt: Int?
  /// A profile that needs an MFA code or a login before it can be applied.
  package var pending: String?
  /// While pending: the folder whose change (a file created or replaced in it) may mean
  /// another shell or the AWS CLI has done what was missing…
  package var watch: String?
  /// …and the files in it that may also be rewritten in place. The prompt compares their
  /// mtimes with its stamp using builtins, so waiting costs no process.
  package var watchFiles: [String] = []
  /// Trust hash of the last untrusted `.awsrole` announced (announce once).
  package var notice: String?

  package init() {}

  /// Reads the state from the environment.
  package init(_ environment: Environment) {
    profile = environment.nonEmpty("ROLESH_PROFILE")
    role = environment.nonEmpty("ROLESH_ROLE").flatMap { Self.isWatchableName($0) ? $0 : nil }
    mode = environment.nonEmpty("ROLESH_MODE").flatMap(ShellMode.init(rawValue:))
    origin = environment.nonEmpty("ROLESH_ORIGIN").flatMap(Origin.init(rawValue:))
    awsrole = environment.nonEmpty("ROLESH_AWSROLE")
    awsroleHash = environment.nonEmpty("ROLESH_AWSROLE_HASH")
    // Names from these variables are pasted into shell code: anything but a plain variable
    // name (a crafted value, say) is ignored.
    for pair in (environment["ROLESH_MANAGED"] ?? "").split(separator: " ") {
      let parts = pair.split(separator: "=", maxSplits: 1)
      if parts.count == 2, VariableName.isValid(String(parts[0])) { managed[String(parts[0])] = String(parts[1]) }
    }
    saved = Set((environment["ROLESH_SAVED"] ?? "").split(separator: " ").map(String.init).filter(VariableName.isValid))
    refreshAt = environment.nonEmpty("ROLESH_REFRESH_AT").flatMap { Numbers.integer($0, within: 0...(1 << 40)) }
    expiresAt = environment.nonEmpty("ROLESH_EXPIRES_AT").flatMap { Numbers.integer($0, within: 0...(1 << 40)) }
    pending = environment.nonEmpty("ROLESH_PENDING")
    watch = environment.nonEmpty("ROLESH_WATCH")
    watchFiles = (environment["ROLESH_WATCH_FILES"] ?? "").split(separator: " ").map(String.init).filter(Self.isWatchableName)
    notice = environment.nonEmpty("ROLESH_NOTICE")
  }

  /// The variables that encode this state (nil = unset).
  package var encoded: [(String, String?)] {
    [
      ("ROLESH_PROFILE", profile),
      ("ROLESH_ROLE", role),
      ("ROLESH_MODE", mode?.rawValue),
      ("ROLESH_ORIGIN", origin?.rawValue),
      ("ROLESH_AWSROLE", awsrole),
      ("ROLESH_AWSROLE_HASH", awsroleHash),
      ("ROLESH_MANAGED", managed.isEmpty ? nil : Self.spaced(managed.keys.sorted { $0 < $1 }.map { "\($0)=\(managed[$0] ?? "-")" })),
      ("ROLESH_SAVED", saved.isEmpty ? nil : Self.spaced(saved.sorted { $0 < $1 })),
      ("ROLESH_REFRESH_AT", refreshAt.map(String.init)),
      ("ROLESH_EXPIRES_AT", expiresAt.map(String.init)),
      ("ROLESH_PENDING", pending),
      ("ROLESH_WATCH", watch),
      ("ROLESH_WATCH_FILES", watchFiles.isEmpty ? nil : Self.spaced(watchFiles)),
      ("ROLESH_NOTICE", notice),
    ]
  }

  /// File names the prompt may split on spaces and test: cache file names only.
  package static func isWatchableName(_ name: String) -> Bool {
    !name.isEmpty && name != "." && name != ".."
      && name.utf8.allSatisfy { ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2E || $0 == 0x2D || $0 == 0x5F }
  }

  /// Words joined by spaces, without the generic `joined` (see `ShellTransition.operations`).
  private static func spaced(_ words: [String]) -> String {
    var text = ""
    for word in words {
      if !text.isEmpty { text += " " }
      text += word
    }
    return text
  }

  /// When keys that end at `expiration` are refreshed: the AWS CLI's window before the end,
  /// or the last third of a shorter session.
  package static func refreshTime(expiration: Int, now: Int, window: Int) -> Int {
    expiration - min(window, max((expiration - now) / 3, 0))
  }

  /// A short, one-way fingerprint: enough to notice the user changed a value, useless for
  /// recovering it.
  package static func fingerprint(_ value: String) -> String { ValueFingerprint.of(value) }
}

/// keys (raw credentials exported) or profile (`AWS_PROFILE` exported).
package enum ShellMode: String, Sendable, CaseIterable {
  case keys, profile
}
