import RoleshCredentials
import RoleshShell
import RoleshSupport

/// `rolesh status`: what this shell has — profile, account, role, region, mode, where it came
/// from, expiry, what is pending — from its state variables, the config and the cache (no
/// network).
package struct StatusReport {
  package var state: ShellState
  package var identity: ShellIdentity?
  package var region: String?
  /// `AWS_PROFILE` when rolesh did not set it.
  package var ownProfile: String?
  package var now: Timestamp
  /// The nearest `.awsrole` when it is not applied because it is not trusted, and why.
  package var ignored: (path: String, reason: String)?
  /// Whether a pending profile waits for an IAM Identity Center login (else an MFA code).
  package var pendingLogin = false
  /// The role named on the command line that the shell holds (or waits for), if any.
  package var role: OneOffRole?

  package static func make(runtime: Runtime) -> StatusReport {
    let environment = runtime.environment
    let state = ShellState(environment)
    let role = state.role.flatMap { OneOffRoleFiles.load($0, environment) }
    var report = StatusReport(
      state: state,
      identity: state.profile.map { ShellIdentity.describe(profile: $0, mode: state.mode ?? .keys, environment: environment, role: role) },
      region: environment.nonEmpty("AWS_REGION") ?? environment.nonEmpty("AWS_DEFAULT_REGION"),
      ownProfile: environment["AWS_PROFILE"], now: runtime.clock())
    if let path = AWSRoleFile.find(from: environment.workingDirectory), state.awsrole != path {
      switch TrustStore(environment: environment).status(path: path) {
      case .untrusted(let reason): report.ignored = (path, reason + "; run `rolesh allow` to use it")
      case .denied: report.ignored = (path, "denied with rolesh deny")
      case .trusted: break
      }
    }
    report.pendingLogin = state.pending != nil && state.watch == SSOTokenCache(environment: environment).directory
    report.role = role
    return report
  }

  /// `status --json`.
  package var json: JSON {
    JSON.object([
      ("profile", .optional(state.profile)), ("mode", .optional(state.mode?.rawValue)),
      ("origin", .optional(state.origin?.rawValue)), ("awsrole", .optional(state.awsrole)),
      ("account", .optional(identity?.account)), ("role_arn", .optional(identity?.roleArn)),
      ("role_name", .optional(identity?.roleName)), ("region", .optional(region)),
      ("expires", .optional(identity?.expires?.description)), ("refresh_at", state.refreshAt.map { .number(String($0)) } ?? .null),
      ("pending", .optional(state.pending)), ("ignored_awsrole", .optional(ignored?.path)),
      ("source_profile", .optional(role?.sourceProfile)),
    ])
  }

  /// `status` for people.
  package var text: String {
    let ignoredLine = ignored.map { "ignored \($0.path): \($0.reason)" }
    guard state.profile != nil || state.pending != nil else {
      return (["no rolesh identity in this shell" + (ownProfile.map { " (AWS_PROFILE=\($0) is yours)" } ?? "")] + [ignoredLine].compactMap { $0 })
        .joined(separator: "\n")
    }
    var lines: [String] = []
    if let role, state.profile == role.name {
      lines.append("one-off role (--role-arn) from profile \(role.sourceProfile) (keys mode)")
    } else if let profile = state.profile {
      lines.append("profile \(profile) (\(state.mode?.rawValue ?? "keys") mode)")
    }
    if let account = identity?.account { lines.append("account \(account)") }
    if let role = identity?.roleArn ?? identity?.roleName { lines.append("role    \(role)") }
    if let region { lines.append("region  \(region)") }
    if let source = state.origin == .pin ? "pinned by rolesh use" : state.awsrole { lines.append("source  \(source)") }
    if let expires = identity?.expires {
      let left = expires.secondsSinceEpoch - now.secondsSinceEpoch
      lines.append("expires \(expires) (\(left > 0 ? "in \(left / 60) min" : "expired"))")
    }
    if let pending = state.pending {
      // A role named on the command line is named again the same way.
      let (kind, arguments) = role.flatMap { $0.name == pending ? ("role", $0.options) : nil } ?? ("profile", pending)
      lines.append(
        pendingLogin
          ? "pending \(kind) \(pending) needs an IAM Identity Center login: run `rolesh use \(arguments)` (it offers the login)"
          : "pending \(kind) \(pending) needs an MFA code: run `rolesh use \(arguments)`")
    }
    if let ignoredLine { lines.append(ignoredLine) }
    return lines.joined(separator: "\n")
  }
}
