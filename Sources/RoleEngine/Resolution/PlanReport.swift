/// `rolesh explain` output: the JSON schema of design.md §1 and a human-readable form.
package struct PlanReport {
  package var plan: ResolutionPlan
  /// Where cache entries live (`~/.aws/cli/cache`).
  package var cacheDirectory: String
  package var now: Timestamp
  /// Plugins defining `web_identity_token` (their answer replaces the token file).
  package var tokenPlugins: [String] = []
  /// Plugins defining `mfa_code` (asked before the terminal).
  package var mfaPlugins: [String] = []

  package init(plan: ResolutionPlan, cacheDirectory: String, now: Timestamp) {
    self.plan = plan
    self.cacheDirectory = cacheDirectory
    self.now = now
  }

  // MARK: JSON (keep stable: tests and other tools read it)

  package var json: JSON {
    .object([
      ("profile", .string(plan.profile)),
      ("region", .optional(plan.region)),
      ("steps", .array(plan.steps.map(Self.json(for:)))),
    ])
  }

  static func json(for value: INIValue?) -> JSON {
    switch value {
    case .none: return .null
    case .text(let text): return .string(text)
    case .nested(let block):
      let keys = block.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
      return .object(keys.map { ($0, .string(block[$0] ?? "")) })
    }
  }

  static func json(for step: ResolutionStep) -> JSON {
    switch step {
    case .staticKeys(let profile, let origin, _):
      return .object([("kind", .string("static")), ("profile", .string(profile)), ("origin", .string(origin.rawValue))])
    case .credentialSource(let profile, let source, _):
      return .object([
        ("kind", .string("credential-source")), ("profile", .string(profile)), ("source", .string(source.rawValue)),
      ])
    case .credentialProcess(let profile, let command, _):
      return .object([
        ("kind", .string("credential-process")), ("profile", .string(profile)), ("command", json(for: command)),
      ])
    case .assumeRole(let step):
      return .object([
        ("kind", .string("assume-role")),
        ("profile", .string(step.profile)),
        ("role_arn", json(for: step.roleArn)),
        ("cache_file", .string(step.cacheKey.fileName)),
        ("session_name", json(for: step.sessionName)),
        ("session_name_origin", .string(step.sessionNameOrigin.schemaValue)),
        ("external_id", json(for: step.externalId)),
        ("mfa_serial", json(for: step.mfaSerial)),
        ("duration_seconds", step.durationSeconds.map(JSON.number) ?? .null),
      ])
    case .webIdentity(let step):
      return .object([
        ("kind", .string("web-identity")),
        ("profile", .string(step.profile)),
        ("role_arn", json(for: step.roleArn)),
        ("token_file", json(for: step.tokenFile)),
        ("cache_file", .string(step.cacheKey.fileName)),
        ("session_name", json(for: step.sessionName)),
        ("session_name_origin", .string(step.sessionNameOrigin.schemaValue)),
      ])
    }
  }

  /// `{"error": {...}}` for a failed resolution.
  package static func json(for error: ConfigError, profile: String) -> JSON {
    .object([
      (
        "error",
        .object([
          ("code", .string(error.code.rawValue)),
          ("message", .string(error.message)),
          ("profile", .string(error.profile ?? profile)),
          ("file", .optional(error.location?.file)),
          ("line", error.location.map { .number(String($0.line)) } ?? .null),
        ])
      )
    ])
  }

  // MARK: Human form

  /// Cache states of the STS steps, and which steps will need an MFA code: walking down from
  /// the top, a usable cache entry ends the walk (sources of a cached role are never resolved).
  package func cacheStates() -> (states: [Int: CacheInspection.State], mfaNeeded: Set<Int>) {
    var states: [Int: CacheInspection.State] = [:]
    var mfaNeeded = Set<Int>()
    var index = plan.steps.count - 1
    while index >= 0 {
      let step = plan.steps[index]
      if let key = step.cacheKey {
        let state = CacheInspection.state(of: cacheDirectory + "/" + key.fileName)
        states[index] = state
        if state.isUsable(at: now) { break }
        if case .assumeRole(let role) = step, role.mfaSerial != nil { mfaNeeded.insert(index) }
      }
      index -= 1
    }
    return (states, mfaNeeded)
  }

  package var text: String {
    var lines: [String] = []
    let region = plan.region.map { "region \($0)" } ?? "no region: STS global endpoint"
    lines.append("profile \(plan.profile) (\(region))")
    let (states, mfaNeeded) = cacheStates()
    for (index, step) in plan.steps.enumerated() {
      let number = "\(index + 1). "
      let pad = String(repeating: " ", count: number.count + 2)
      switch step {
      case .staticKeys(let profile, let origin, let location):
        lines.append("  \(number)static keys of profile \(profile) from the \(origin == .credentialsFile ? "credentials" : "config") file")
        lines.append("\(pad)\(location)")
      case .credentialSource(let profile, let source, let location):
        let what: String
        switch source {
        case .environment: what = "keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
        case .ec2InstanceMetadata: what = "EC2 instance metadata (IMDSv2)"
        case .ecsContainer: what = "the container credential endpoint"
        }
        lines.append("  \(number)\(what) (credential source \(source.rawValue), profile \(profile))")
        if let location { lines.append("\(pad)\(location)") }
      case .credentialProcess(let profile, let command, let location):
        lines.append("  \(number)run credential_process of profile \(profile): \(command.displayText)")
        lines.append("\(pad)\(location)")
      case .assumeRole(let role):
        lines.append("  \(number)assume role \(role.roleArn.displayText) (profile \(role.profile))")
        lines.append("\(pad)\(role.location)")
        lines.append("\(pad)session name \(role.sessionName.displayText) (\(Self.describe(role.sessionNameOrigin)))")
        if let externalId = role.externalId { lines.append("\(pad)external id \(externalId.displayText)") }
        if let duration = role.durationSeconds { lines.append("\(pad)duration \(duration) s") }
        if let serial = role.mfaSerial {
          let asker = mfaPlugins.isEmpty ? "asked for" : "asked of plugin \(mfaPlugins.joined(separator: ", ")) (then the terminal)"
          let need = mfaNeeded.contains(index) ? "an MFA code will be \(asker)" : "no MFA code needed now (cached)"
          lines.append("\(pad)mfa_serial \(serial.displayText): \(need)")
        }
        lines.append("\(pad)cache \(describe(states[index], key: role.cacheKey))")
      case .webIdentity(let web):
        lines.append("  \(number)assume role \(web.roleArn.displayText) with web identity (profile \(web.profile))")
        let origin = web.fromEnvironment ? "AWS_WEB_IDENTITY_TOKEN_FILE" : web.location.map(\.description) ?? ""
        lines.append("\(pad)token file \(web.tokenFile.displayText) (\(origin))")
        if !tokenPlugins.isEmpty {
          lines.append("\(pad)token from plugin \(tokenPlugins.joined(separator: ", ")) when it answers, else the file")
        }
        lines.append("\(pad)session name \(web.sessionName.displayText) (\(Self.describe(web.sessionNameOrigin)))")
        lines.append("\(pad)cache \(describe(states[index], key: web.cacheKey))")
      }
    }
    return lines.joined(separator: "\n")
  }

  static func describe(_ origin: SessionNameOrigin) -> String {
    switch origin {
    case .config: return "role_session_name in the profile"
    case .plugin: return "from a plugin"
    case .default: return "default; not part of the cache key"
    case .environment: return "AWS_ROLE_SESSION_NAME"
    }
  }

  func describe(_ state: CacheInspection.State?, key: CacheKey) -> String {
    let path = cacheDirectory + "/" + key.fileName
    switch state {
    case .none:
      return "\(path): not consulted (a role above it is cached)"
    case .missing:
      return "\(path): none yet"
    case .unreadable(let reason):
      return "\(path): \(reason); it will be replaced"
    case .present(let expires):
      let left = expires.secondsSinceEpoch - now.secondsSinceEpoch
      if left <= 0 { return "\(path): expired at \(expires)" }
      let minutes = left / 60
      let usable = left >= 900 ? "valid" : "inside the 15-minute refresh window"
      return "\(path): \(usable), expires \(expires) (in \(minutes) min)"
    }
  }
}
