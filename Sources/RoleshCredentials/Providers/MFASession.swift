import RoleshAWS
import RoleshConfig
import RoleshSupport

/// One MFA code for many roles (aws-vault's rule; README "One MFA code for many roles"): a role
/// whose `mfa_serial` is set and whose `source_profile` holds long-term keys is assumed with
/// the credentials of a `GetSessionToken(SerialNumber, TokenCode)` made once with those keys —
/// shared by every role behind the same source, keys and device — and not with a code of its
/// own.
///
/// The exact rule, checked at plan time (no network):
/// - the role profile sets `mfa_serial`, and its direct source is static keys without a session
///   token (an IAM user's long-term keys; temporary keys cannot call GetSessionToken);
/// - the source profile names no different `mfa_serial` (when it names one, the role's device
///   is not the user's, so the role is assumed directly);
/// - the role asks for at most an hour (`duration_seconds` ≤ 3600 or unset): roles assumed with
///   session credentials are chained, and STS caps those at an hour;
/// - neither `ROLESH_MFA_SESSION=off` nor `rolesh_mfa_session = false` on the role or its source
///   profile opts out.
///
/// The session lasts `ROLESH_MFA_SESSION_DURATION`, else the source profile's
/// `rolesh_mfa_session_duration`, else 12 hours (900 to 129600 seconds).
package enum MFASessionRule {
  static let defaultDuration = 43_200
  static let durationRange = 900...129_600
  /// Prefix of the session's cache file: the AWS CLI never reads it, and nothing mistakes it
  /// for one of the CLI's entries.
  package static let filePrefix = "rolesh-mfa-session-"

  /// The session step to put between `role` and its source step, or nil when the role is
  /// assumed directly.
  static func step(role: Profile, source: Profile, sourceStep: (any ResolutionStep)?, planner: ProfilePlanner) throws
    -> MFASessionStep?
  {
    guard let serial = role.text("mfa_serial"), !serial.isEmpty else { return nil }
    guard let sourceStep, sourceStep.profile == source.name else { return nil }
    guard try isEnabled(role: role, source: source, planner: planner) else { return nil }
    if let sourceSerial = source.text("mfa_serial"), sourceSerial != serial { return nil }
    if let duration = role.text("duration_seconds").flatMap(PythonText.parseInt), duration.count > 4 || (Int(duration) ?? 0) > 3600 {
      return nil
    }
    guard let accessKeyId = sourceStep.longTermKeyId(in: planner.config) else { return nil }
    return MFASessionStep(
      profile: source.name, roleProfile: role.name, serial: serial, accessKeyId: accessKeyId,
      durationSeconds: try duration(source: source, planner: planner), location: role.location(of: "mfa_serial"))
  }

  private static func isEnabled(role: Profile, source: Profile, planner: ProfilePlanner) throws -> Bool {
    if let text = planner.environment.nonEmpty("ROLESH_MFA_SESSION") {
      guard let enabled = boolean(text) else {
        throw SettingError(variable: "ROLESH_MFA_SESSION", value: text, expected: "on or off (true/false, 1/0)")
      }
      if !enabled { return false }
    }
    for profile in [role, source] {
      guard let value = profile["rolesh_mfa_session"] else { continue }
      guard let text = value.text, let enabled = boolean(text) else {
        throw planner.fail(
          .invalidParameter, "rolesh_mfa_session of profile \(profile.name) is \(value.displayText.debugDescription); use true or false",
          at: profile.location(of: "rolesh_mfa_session"))
      }
      if !enabled { return false }
    }
    return true
  }

  private static func boolean(_ text: String) -> Bool? {
    switch PythonText.strip(text).lowercased() {
    case "1", "true", "on", "yes": return true
    case "0", "false", "off", "no": return false
    default: return nil
    }
  }

  private static func duration(source: Profile, planner: ProfilePlanner) throws -> Int {
    let bounds = "a whole number of seconds from \(durationRange.lowerBound) to \(durationRange.upperBound)"
    if let text = planner.environment.nonEmpty("ROLESH_MFA_SESSION_DURATION") {
      guard let seconds = Int(text), durationRange.contains(seconds) else {
        throw SettingError(variable: "ROLESH_MFA_SESSION_DURATION", value: text, expected: bounds)
      }
      return seconds
    }
    guard let value = source["rolesh_mfa_session_duration"] else { return defaultDuration }
    guard let text = value.text, let seconds = Int(PythonText.strip(text)), durationRange.contains(seconds) else {
      throw planner.fail(
        .invalidParameter,
        "rolesh_mfa_session_duration of profile \(source.name) is \(value.displayText.debugDescription); use \(bounds)",
        at: source.location(of: "rolesh_mfa_session_duration"))
    }
    return seconds
  }
}

/// GetSessionToken with the source user's long-term keys and an MFA code, cached in rolesh's
/// own file (keyed by source profile, access key id and device, so a rotated key never reuses
/// an old session) and shared by every role behind them.
package struct MFASessionStep: ResolutionStep, Equatable {
  /// The source profile (the IAM user's): the session is its.
  package var profile: String
  /// The role profile that led here (plugins are asked for codes in its name).
  package var roleProfile: String
  package var serial: String
  /// The long-term access key id: part of the key, never shown.
  var accessKeyId: String
  package var durationSeconds: Int
  /// Where the role's `mfa_serial` is.
  package var location: SourceLocation

  package var kind: String { "mfa-session" }
  package var mfaSerial: String? { serial }
  package var usesSourceCredentials: Bool { true }
  package var callsSTS: Bool { true }
  package var action: String { "getting an MFA session for profile \(profile) with \(serial)" }
  package var cacheSubject: String? { "MFA session of profile \(profile) (\(serial))" }

  package var cacheKey: CacheKey? {
    CacheKey(
      document: .object([
        ("SourceProfile", .string(profile)), ("AccessKeyId", .string(accessKeyId)), ("SerialNumber", .string(serial)),
      ]), prefix: MFASessionRule.filePrefix)
  }

  package var jsonFields: [(String, JSON)] {
    [
      ("mfa_serial", .string(serial)), ("duration_seconds", .number(String(durationSeconds))),
      ("cache_file", .optional(cacheKey?.fileName)),
    ]
  }

  package func explain(_ context: StepReportContext) -> [String] {
    var lines = [
      "MFA session of profile \(profile) with \(serial), \(durationSeconds / 3600) h \(durationSeconds % 3600 / 60) min (GetSessionToken)",
      location.description, "mfa_serial \(serial): \(context.mfaNote)",
    ]
    if let cacheKey { lines.append("cache \(context.describeCache(cacheKey))") }
    if let served = context.profilesSharing(cacheKey, sourceProfile: profile, serial: serial), !served.isEmpty {
      lines.append("serves the roles \(served.joined(separator: ", ")) (one code for all of them)")
    }
    return lines
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let longTerm = try source()
    let pluginContext = context.plugins.map { _ in
      context.pluginContext(roleProfile, roleArn: context.config.profile(roleProfile)?.text("role_arn"))
    }
    let sts = try context.stsClient()
    let session = try context.withMFACode(serial: serial, profile: roleProfile, context: pluginContext) { code in
      try sts.getSessionToken(
        [("DurationSeconds", String(durationSeconds)), ("SerialNumber", serial), ("TokenCode", code)], source: longTerm)
    }
    var document = session.cacheDocument
    if case .object(let fields) = document {
      document = .object(
        [("ProviderType", .string("rolesh-mfa-session")), ("SourceProfile", .string(profile)), ("SerialNumber", .string(serial))]
          + fields.filter { $0.0 != "AssumedRoleUser" })
    }
    return FetchedCredentials(session.credentials, cacheDocument: document)
  }
}
