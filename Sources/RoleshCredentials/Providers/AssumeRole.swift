import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `AssumeRoleProvider`: `role_arn` with a `source_profile` chain
/// or a `credential_source`, MFA, external id, session name and duration.
package struct AssumeRoleProvider: CredentialProvider {
  package init() {}

  package var listKind: String { "role" }
  package var cachesCredentials: Bool { true }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool { Self.isRoleProfile(profile) }

  /// The role's own key: its settings alone decide it, not its sources.
  package func ownCacheKey(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> CacheKey? {
    guard Self.isRoleProfile(profile) else { return nil }
    return try Self.step(profile, planner).cacheKey
  }

  /// botocore's `_has_assume_role_config_vars`.
  package var assumesRoles: Bool { true }

  package static func isRoleProfile(_ profile: Profile) -> Bool {
    profile.has("role_arn") && !profile.has("web_identity_token_file")
  }

  /// botocore's `_has_static_credentials`: either key present counts.
  package static func hasStaticKeys(_ profile: Profile) -> Bool {
    profile.has("aws_access_key_id") || profile.has("aws_secret_access_key")
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard Self.isRoleProfile(profile) else { return false }
    let name = profile.name
    let sourceProfile = profile["source_profile"]
    let credentialSource = profile["credential_source"]
    // A nested block where a number belongs (`duration_seconds =` followed by an indented
    // `k = v` line) crashes botocore with a TypeError; rolesh says what it is.
    if case .nested? = profile["duration_seconds"] { throw Self.nestedValue("duration_seconds", profile, planner) }
    if sourceProfile != nil && credentialSource != nil {
      throw planner.fail(
        .bothSources, "the profile \"\(name)\" contains both source_profile and credential_source; keep one",
        at: profile.location(of: "credential_source"))
    }
    if sourceProfile == nil && credentialSource == nil {
      throw planner.fail(
        .noSource,
        "partial credentials found in assume-role, missing: source_profile or credential_source (profile \(name) sets role_arn without a source)",
        at: profile.location(of: "role_arn"))
    }
    if let credentialSource {
      guard let text = credentialSource.text, let kind = CredentialSourceKind(rawValue: text) else {
        throw planner.fail(
          .invalidCredentialSource,
          "the credential source \"\(credentialSource.displayText)\" referenced in profile \"\(name)\" is not valid; use Environment, Ec2InstanceMetadata or EcsContainer (case matters)",
          at: profile.location(of: "credential_source"))
      }
      planner.steps.append(try CredentialSourceStep.checked(kind, profile: profile, planner))
    } else if let sourceProfile {
      let sourceName = try Self.validateSourceProfile(sourceProfile, parent: profile, planner)
      planner.visited.append(sourceName)
      try planner.planSourceProfile(sourceName)
      if let source = planner.config.profile(sourceName),
        let session = try MFASessionRule.step(role: profile, source: source, sourceStep: planner.steps.last, planner: planner)
      {
        planner.steps.append(session)
        var step = try Self.step(profile, planner)
        step.viaMFASession = true
        planner.steps.append(step)
        return true
      }
    }
    planner.steps.append(try Self.step(profile, planner))
    return true
  }

  static func nestedValue(_ key: String, _ profile: Profile, _ planner: ProfilePlanner) -> ConfigError {
    planner.fail(
      .configParse, "\(key) of profile \(profile.name) is a nested block of `key = value` lines, not a value",
      at: profile.location(of: key))
  }

  /// botocore's `_validate_source_profile`.
  static func validateSourceProfile(_ value: INIValue, parent: Profile, _ planner: ProfilePlanner) throws -> String {
    if case .nested = value { throw nestedValue("source_profile", parent, planner) }
    let location = parent.location(of: "source_profile")
    guard let sourceName = value.text, let source = planner.config.profile(sourceName) else {
      let suggestions = ProfileSuggestions.closest(to: value.displayText, among: planner.config.profileOrder)
      throw planner.fail(
        .sourceProfileMissing,
        "the source_profile \"\(value.displayText)\" referenced in the profile \"\(parent.name)\" does not exist"
          + (suggestions.isEmpty ? "" : "; did you mean \(suggestions.joined(separator: ", "))?"),
        at: location)
    }
    guard planner.visited.contains(sourceName) else { return sourceName }
    // A profile may name itself to use its own static keys; anything else that comes back
    // to a visited profile is a loop.
    if sourceName != parent.name || !hasStaticKeys(source) {
      throw planner.fail(
        .infiniteLoop,
        "infinite loop in credential configuration: profile \(sourceName) comes back after \((planner.visited + [sourceName]).joined(separator: " → ")); break the chain of source_profile settings",
        at: location)
    }
    return sourceName
  }

  static func step(_ profile: Profile, _ planner: ProfilePlanner) throws -> AssumeRoleStep {
    let roleArn = profile["role_arn"] ?? .text("")
    // Python's int(): whitespace, a sign and `_` between digits are accepted; anything else
    // drops the setting without a word.
    let duration = profile.text("duration_seconds").flatMap(PythonText.parseInt)
    let session = try planner.sessionName(
      configured: profile["role_session_name"], origin: .config, profile: profile, roleArn: roleArn)
    return AssumeRoleStep(
      profile: profile.name, roleArn: roleArn, sessionName: session.name, sessionNameOrigin: session.origin,
      externalId: profile["external_id"], mfaSerialValue: profile["mfa_serial"], durationSeconds: duration,
      location: profile.location(of: "role_arn"))
  }
}

/// An AssumeRole call, signed with the previous step's credentials and cached under botocore's
/// key.
package struct AssumeRoleStep: ResolutionStep, Equatable {
  package var profile: String
  package var roleArn: INIValue
  package var sessionName: INIValue
  package var sessionNameOrigin: SessionNameOrigin
  package var externalId: INIValue?
  package var mfaSerialValue: INIValue?
  /// Canonical integer text (Python integers are unbounded); invalid values were dropped, as
  /// botocore drops them.
  package var durationSeconds: String?
  /// Where `role_arn` is defined.
  package var location: SourceLocation
  /// botocore's key, computed once from the settings above.
  package private(set) var cacheKey: CacheKey?
  /// Assumed with the credentials of an MFA session (the step before): no code of its own, at
  /// most an hour. The cache key stays the AWS CLI's, `SerialNumber` included.
  package var viaMFASession = false

  package init(
    profile: String, roleArn: INIValue, sessionName: INIValue, sessionNameOrigin: SessionNameOrigin, externalId: INIValue?,
    mfaSerialValue: INIValue?, durationSeconds: String?, location: SourceLocation
  ) {
    self.profile = profile
    self.roleArn = roleArn
    self.sessionName = sessionName
    self.sessionNameOrigin = sessionNameOrigin
    self.externalId = externalId
    self.mfaSerialValue = mfaSerialValue
    self.durationSeconds = durationSeconds
    self.location = location
    self.cacheKey = Self.key(
      roleArn: roleArn, sessionName: sessionNameOrigin.isInCacheKey ? sessionName : nil, externalId: externalId,
      serialNumber: mfaSerialValue, durationSeconds: durationSeconds)
  }

  package var kind: String { "assume-role" }
  package var mfaSerial: String? { viaMFASession ? nil : mfaSerialValue?.displayText }
  package var target: StepTarget? { StepTarget(roleArn: roleArn.displayText) }

  /// A role assumed directly from long-term keys may set the console session's length; one
  /// assumed through an MFA session or another role is chained, and AWS refuses it.
  package func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession? {
    SignInSession(durationAllowed: !viaMFASession && source?.longTermKeyId(in: config) != nil)
  }
  package var usesSourceCredentials: Bool { true }
  package var cacheSubject: String? { roleArn.displayText }
  package var callsSTS: Bool { true }
  package var action: String { "assuming \(roleArn.displayText)\(profileNote)" }
  /// Which profile the role is, unless it was named on the command line (then its name is its
  /// ARN and the location says where it came from).
  private var profileNote: String { location.isCommandLine ? "" : " (profile \(profile))" }

  /// botocore's key: the AssumeRole arguments as configured (a generated session name is
  /// left out), `json.dumps(sort_keys=True)`, SHA-1.
  package static func key(
    roleArn: INIValue, sessionName: INIValue?, externalId: INIValue?, serialNumber: INIValue?, durationSeconds: String?
  ) -> CacheKey {
    var arguments: [(String, JSON)] = [("RoleArn", JSON(roleArn))]
    if let sessionName { arguments.append(("RoleSessionName", JSON(sessionName))) }
    if let externalId { arguments.append(("ExternalId", JSON(externalId))) }
    if let serialNumber { arguments.append(("SerialNumber", JSON(serialNumber))) }
    if let durationSeconds { arguments.append(("DurationSeconds", .number(durationSeconds))) }
    return CacheKey(document: .object(arguments))
  }

  package var jsonFields: [(String, JSON)] {
    [
      ("role_arn", JSON(roleArn)),
      ("cache_file", .optional(cacheKey?.fileName)),
      ("session_name", JSON(sessionName)),
      ("session_name_origin", .string(sessionNameOrigin.schemaValue)),
      ("external_id", JSON(externalId)),
      ("mfa_serial", JSON(mfaSerialValue)),
      ("duration_seconds", durationSeconds.map(JSON.number) ?? .null),
    ]
  }

  package func explain(_ context: StepReportContext) -> [String] {
    var lines = [
      "assume role \(roleArn.displayText)\(profileNote)", location.description,
      "session name \(sessionName.displayText) (\(sessionNameOrigin.explanation))",
    ]
    if let externalId { lines.append("external id \(externalId.displayText)") }
    if let durationSeconds { lines.append("duration \(durationSeconds) s") }
    if let mfaSerial {
      lines.append("mfa_serial \(mfaSerial): \(context.mfaNote)")
    } else if viaMFASession, let serial = mfaSerialValue?.displayText {
      lines.append("mfa_serial \(serial): assumed with the MFA session above, without a code of its own")
    }
    if let cacheKey { lines.append("cache \(context.describeCache(cacheKey))") }
    return lines
  }

  /// The AssumeRole parameters, checked as botocore's ParamValidator checks them before any
  /// call (only minimums: botocore leaves maximums to STS).
  package func parameters() throws -> [(String, String)] {
    func invalid(_ message: String) -> ConfigError {
      ConfigError(.invalidParameter, message, profile: profile, location: location)
    }
    let arn = roleArn.displayText
    guard arn.unicodeScalars.count >= 20 else {
      throw invalid(
        "role_arn \"\(arn)\" of profile \(profile) is not a role ARN: write it as arn:aws:iam::ACCOUNT-ID:role/\(arn.contains(":") ? "NAME" : arn)")
    }
    let session = sessionName.displayText
    guard session.unicodeScalars.count >= 2 else {
      throw invalid("role_session_name of profile \(profile) must be at least 2 characters")
    }
    var parameters = [("RoleArn", arn), ("RoleSessionName", session)]
    if let externalId {
      guard externalId.displayText.unicodeScalars.count >= 2 else {
        throw invalid("external_id of profile \(profile) must be at least 2 characters")
      }
      parameters.append(("ExternalId", externalId.displayText))
    }
    if let durationSeconds {
      // Canonical decimal text: a negative number starts with `-`; four or more digits
      // without a sign are at least 1000.
      let atLeastMinimum = !durationSeconds.hasPrefix("-") && (durationSeconds.count > 3 || (Int(durationSeconds) ?? 0) >= 900)
      guard atLeastMinimum else {
        throw invalid("duration_seconds of profile \(profile) is \(durationSeconds); the minimum is 900")
      }
      parameters.append(("DurationSeconds", durationSeconds))
    }
    if let mfaSerial = mfaSerialValue?.displayText {
      guard mfaSerial.unicodeScalars.count >= 9 else {
        throw invalid("mfa_serial \"\(mfaSerial)\" of profile \(profile) is too short to be an MFA device (at least 9 characters)")
      }
    }
    return parameters
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    // Everything that can be refused is refused before a network call or an MFA prompt.
    var parameters = try parameters()
    let arn = roleArn.displayText
    let pluginContext = context.plugins.map { _ in context.pluginContext(profile, roleArn: arn) }
    if let plugins = context.plugins, let pluginContext, let duration = try plugins.beforeAssume(pluginContext, roleArn: arn) {
      parameters.removeAll { $0.0 == "DurationSeconds" }
      // Session credentials make this a chained role: STS refuses more than an hour.
      parameters.append(("DurationSeconds", String(viaMFASession ? min(duration, 3600) : duration)))
    }
    let sourceCredentials = try source()
    let sts = try context.stsClient()
    guard let mfaSerial else {
      let role = try sts.assumeRole(parameters, source: sourceCredentials)
      return FetchedCredentials(role.credentials, cacheDocument: role.cacheDocument)
    }
    let role = try context.withMFACode(serial: mfaSerial, profile: profile, context: pluginContext) { code in
      try sts.assumeRole(parameters + [("SerialNumber", mfaSerial), ("TokenCode", code)], source: sourceCredentials)
    }
    return FetchedCredentials(role.credentials, cacheDocument: role.cacheDocument)
  }
}

extension STSClient.RoleCredentials {
  /// The entry botocore writes for this answer: `Credentials` (with the `…UTC` expiry form
  /// botocore's JSON cache uses) and `AssumedRoleUser`.
  package var cacheDocument: JSON {
    var fields: [(String, JSON)] = [
      ("AccessKeyId", .string(credentials.accessKeyId)),
      ("SecretAccessKey", .string(credentials.secretAccessKey)),
      ("SessionToken", .optional(credentials.sessionToken)),
      ("Expiration", .string(credentials.expiration?.botocoreCacheForm ?? expirationText)),
    ]
    if let account = credentials.accountId { fields.append(("AccountId", .string(account))) }
    var document: [(String, JSON)] = [("Credentials", .object(fields))]
    if assumedRoleArn != nil || assumedRoleId != nil {
      document.append(("AssumedRoleUser", .object([("AssumedRoleId", .optional(assumedRoleId)), ("Arn", .optional(assumedRoleArn))])))
    }
    return .object(document)
  }
}
