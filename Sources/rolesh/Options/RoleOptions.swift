import ArgumentParser
import RoleEngine

/// `--role-arn` and its companions: a role the config does not name, assumed for this command
/// (`use`, `export`, `exec`, `explain`) as awsume's one-off roles are.
struct RoleOptions: ParsableArguments {
  @Option(name: .customLong("role-arn"), help: "Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.")
  var roleArn: String?

  @Option(
    name: [.customLong("source"), .customLong("source-profile")],
    help: "With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).",
    completion: .custom(completeUsableProfiles))
  var source: String?

  @Option(name: .customLong("session-name"), help: "With --role-arn: the role session name (default: as for a profile without one).")
  var sessionName: String?

  @Option(name: .customLong("duration"), help: "With --role-arn: seconds the role's credentials last (900 to 43200).")
  var duration: String?

  @Option(name: .customLong("external-id"), help: "With --role-arn: the external id the role's trust policy asks for.")
  var externalId: String?

  func validate() throws {
    if roleArn == nil, source != nil || sessionName != nil || duration != nil || externalId != nil {
      throw ValidationError("--source, --session-name, --duration and --external-id go with --role-arn")
    }
  }

  /// The options as plain values (requests outlive parsing, and the fast path builds them too).
  var arguments: RoleArguments {
    RoleArguments(roleArn: roleArn, source: source, sessionName: sessionName, duration: duration, externalId: externalId)
  }
}

/// `RoleOptions` as plain values.
struct RoleArguments: Equatable {
  var roleArn: String?
  var source: String?
  var sessionName: String?
  var duration: String?
  var externalId: String?

  /// The options' names, for the fast path (`--source-profile` is `--source`'s other name).
  static let optionNames = ["--role-arn", "--source", "--source-profile", "--session-name", "--duration", "--external-id"]

  /// From the fast path's options; nil when ArgumentParser must decide (a companion without
  /// `--role-arn`, or both names of `--source`).
  init?(fastOptions options: [String: String]) {
    guard options["--source"] == nil || options["--source-profile"] == nil else { return nil }
    roleArn = options["--role-arn"]
    source = options["--source"] ?? options["--source-profile"]
    sessionName = options["--session-name"]
    duration = options["--duration"]
    externalId = options["--external-id"]
    guard roleArn != nil || (source == nil && sessionName == nil && duration == nil && externalId == nil) else { return nil }
  }

  init(roleArn: String? = nil, source: String? = nil, sessionName: String? = nil, duration: String? = nil, externalId: String? = nil) {
    self.roleArn = roleArn
    self.source = source
    self.sessionName = sessionName
    self.duration = duration
    self.externalId = externalId
  }

  /// The role, when `--role-arn` was given: checked, its source profile chosen and found.
  func role(runtime: Runtime) throws -> OneOffRole? {
    guard let roleArn else { return nil }
    return try CredentialSession.oneOffRole(
      roleArn: roleArn, source: source, sessionName: sessionName, duration: duration, externalId: externalId, runtime: runtime)
  }
}
