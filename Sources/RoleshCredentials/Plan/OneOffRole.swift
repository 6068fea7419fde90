import RoleshConfig
import RoleshSupport

/// A role named on the command line instead of in the config (`--role-arn`, as awsume has it).
/// It is planned as a profile that exists only for the command — `role_arn` with a
/// `source_profile` — so everything a configured role has applies unchanged: the AWS CLI's
/// cache key for the same settings (an identical configured profile shares the entry), the MFA
/// session of the source's keys, plugins, `explain`.
package struct OneOffRole: Equatable, Sendable {
  /// A full role ARN (a shorthand given on the command line is expanded).
  package var roleArn: String
  /// How the profile whose credentials assume the role was chosen, fixed when the role is
  /// named: a shell refreshing the role later asks the same profile whatever `AWS_PROFILE`
  /// then says (its settings file keeps the name).
  package var source: ProfileSelection
  package var sourceProfile: String { source.name }
  package var sessionName: String?
  package var durationSeconds: Int?
  /// Sent to STS; elided from the messages rolesh prints (a third party may use it as a
  /// passphrase).
  package var externalId: String?

  package init(roleArn: String, source: ProfileSelection, sessionName: String? = nil, durationSeconds: Int? = nil, externalId: String? = nil) {
    self.roleArn = roleArn
    self.source = source
    self.sessionName = sessionName
    self.durationSeconds = durationSeconds
    self.externalId = externalId
  }

  /// The name the role goes by in the shell (`ROLESH_PROFILE`, the prompt) and in messages:
  /// its ARN, as awsume names it.
  package var name: String { roleArn }

  /// The role from the command line's options, checked the way STS would check them, so a slip
  /// is a usage error before any call. `source` nil: the profile the AWS CLI would use
  /// (`AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `default`). Whether it exists is checked when the
  /// role joins the config (`adding(to:)`), which every command loads once.
  package static func parse(
    roleArn: String, source: String?, sessionName: String?, duration: String?, externalId: String?, environment: Environment
  ) throws -> OneOffRole {
    let arn = try expand(roleArn)
    if let sessionName, !(2...64).contains(sessionName.utf8.count) || !sessionName.utf8.allSatisfy({ isWordByte($0) || "+=,.@-".utf8.contains($0) }) {
      throw usage("--session-name \(sessionName.debugDescription) is not a role session name: 2 to 64 letters, digits or + = , . @ _ -")
    }
    var seconds: Int?
    if let duration {
      guard let value = Numbers.integer(duration, within: 900...43_200) else {
        throw usage("--duration \(duration.debugDescription) is not a role session length: a whole number of seconds from 900 to 43200")
      }
      seconds = value
    }
    if let externalId,
      !(2...1224).contains(externalId.utf8.count) || !externalId.utf8.allSatisfy({ isWordByte($0) || "+=,.@:/-".utf8.contains($0) })
    {
      throw usage("--external-id is not an external id: 2 to 1224 letters, digits or + = , . @ : / _ -")
    }
    return OneOffRole(
      roleArn: arn, source: ProfileSelection.choose(argument: source, environment: environment), sessionName: sessionName,
      durationSeconds: seconds, externalId: externalId)
  }

  /// The source profile is missing from `config`: said by how it was chosen.
  private func missingSource(in config: AWSConfig) -> ConfigError {
    var message: String
    switch source {
    case .explicit(let name): message = "profile \(name) is in neither \(config.configPath) nor \(config.credentialsPath)"
    case .environment(let name, let variable):
      message = "the role's credentials come from profile \(name) (named by \(variable)), which is in neither \(config.configPath) nor \(config.credentialsPath)"
    case .implicitDefault:
      message = "the role's credentials come from profile default when no --source is given, and there is none in \(config.configPath) or \(config.credentialsPath); name one with --source PROFILE"
    }
    let suggestions = ProfileSuggestions.closest(to: source.name, among: config.profileOrder)
    if !suggestions.isEmpty { message += "; did you mean \(suggestions.joined(separator: ", "))?" }
    return ConfigError(.sourceProfileMissing, message, profile: roleArn, location: source.isExplicit ? .commandLine("--source") : nil)
  }

  /// `arn:PARTITION:iam::ACCOUNT:role/[PATH/]NAME` as given, or awsume's shorthand
  /// `ACCOUNT:NAME` and `PARTITION:ACCOUNT:NAME` expanded to it.
  static func expand(_ text: String) throws -> String {
    let problem = usage(
      "--role-arn \(text.debugDescription) is not a role ARN: write arn:aws:iam::ACCOUNT-ID:role/NAME, or ACCOUNT-ID:NAME for short")
    let parts = text.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    let partition: String
    let account: String
    let resource: String
    switch parts.count {
    case 6 where parts[0] == "arn" && parts[2] == "iam" && parts[3].isEmpty && parts[5].hasPrefix("role/"):
      (partition, account, resource) = (parts[1], parts[4], String(parts[5].dropFirst("role/".count)))
    case 2: (partition, account, resource) = ("aws", parts[0], parts[1])
    case 3: (partition, account, resource) = (parts[0], parts[1], parts[2])
    default: throw problem
    }
    guard isPartition(partition), account.utf8.count == 12, account.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { throw problem }
    // IAM's rules: a path of visible ASCII between slashes, then a name of 1 to 64 word
    // characters or + = , . @ -.
    let name = resource.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    let path = resource.dropLast(name.utf8.count)
    guard (1...64).contains(name.utf8.count), name.utf8.allSatisfy({ isWordByte($0) || "+=,.@-".utf8.contains($0) }),
      path.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
    else { throw problem }
    return "arn:\(partition):iam::\(account):role/\(resource)"
  }

  private static func isPartition(_ text: String) -> Bool {
    text == "aws" || (text.hasPrefix("aws-") && text.utf8.count <= 16 && text.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D })
  }

  private static func isWordByte(_ byte: UInt8) -> Bool {
    (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || byte == 0x5F
  }

  private static func usage(_ message: String) -> GeneralError { GeneralError(message, status: .usage) }

  // MARK: As a profile

  /// The profile the role is planned as: `role_arn` and `source_profile`, the options given,
  /// and from the source profile its `region`, and its `mfa_serial` when the source signs
  /// with keys of its own (awsume's rule: the user's device). A source that is itself a role
  /// used its device on its own hop.
  package func profile(in config: AWSConfig) throws -> Profile {
    guard let source = config.profile(sourceProfile) else { throw missingSource(in: config) }
    var entries = INIEntries()
    func set(_ key: String, _ value: String?, _ option: String) {
      if let value { entries[key] = INIEntry(value: .text(value), location: .commandLine(option)) }
    }
    set("role_arn", roleArn, "--role-arn")
    set("source_profile", sourceProfile, "--source")
    set("role_session_name", sessionName, "--session-name")
    set("duration_seconds", durationSeconds.map(String.init), "--duration")
    set("external_id", externalId, "--external-id")
    if let region = source.entries["region"] { entries["region"] = region }
    let signsWithOwnKeys = AssumeRoleProvider.hasStaticKeys(source) || !AssumeRoleProvider.isRoleProfile(source)
    if signsWithOwnKeys, let serial = source.entries["mfa_serial"] { entries["mfa_serial"] = serial }
    return Profile(name: name, entries: entries, location: .commandLine("--role-arn"))
  }

  /// `config` with the role in it, under `name`; its source profile must be there.
  package func adding(to config: AWSConfig) throws -> AWSConfig { config.adding(commandLineProfile: try profile(in: config)) }

  // MARK: Kept for a shell

  /// The role's settings as one JSON document (what a shell's state file holds).
  package var json: JSON {
    .object([
      ("role_arn", .string(roleArn)), ("source_profile", .string(sourceProfile)), ("role_session_name", .optional(sessionName)),
      ("duration_seconds", durationSeconds.map { .number(String($0)) } ?? .null), ("external_id", .optional(externalId)),
    ])
  }

  /// Reads `json` back; nil when anything is missing or out of shape.
  /// Everything is checked again as the command line's options are (the file is read back by
  /// the prompt hook).
  package init?(json: JSON) {
    guard let arn = json["role_arn"]?.stringValue, let source = json["source_profile"]?.stringValue else { return nil }
    var duration: String?
    switch json["duration_seconds"] {
    case nil, .null?: break
    case .number(let text)?: duration = text
    default: return nil
    }
    guard
      let role = try? Self.parse(
        roleArn: arn, source: source, sessionName: json["role_session_name"]?.stringValue, duration: duration,
        externalId: json["external_id"]?.stringValue, environment: Environment([:])),
      role.roleArn == arn
    else { return nil }
    self = role
  }

  /// The options that name this role again, for messages: the external id elided.
  package var options: String {
    var words = ["--role-arn", roleArn, "--source", sourceProfile]
    if let sessionName { words += ["--session-name", sessionName] }
    if let durationSeconds { words += ["--duration", String(durationSeconds)] }
    var text = words.map(ShellWord.quote).joined(separator: " ")
    if externalId != nil { text += " --external-id …" }
    return text
  }
}
