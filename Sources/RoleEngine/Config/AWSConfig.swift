/// A profile in botocore's merged view: config-file keys, overwritten key by key by the
/// credentials file (spec §1.2).
package struct Profile: Equatable, Sendable {
  package var name: String
  package var entries: [String: INIEntry]
  /// The section header that defined it (the config file's, when both files have it).
  package var location: SourceLocation

  package subscript(key: String) -> INIValue? { entries[key]?.value }

  /// Whether the key is present at all (an empty value counts, as in botocore).
  package func has(_ key: String) -> Bool { entries[key] != nil }

  /// The key's value as text; `nil` when absent or when it is a nested block.
  package func text(_ key: String) -> String? { entries[key]?.value.text }

  /// Where the key was defined, else where the profile was.
  package func location(of key: String) -> SourceLocation { entries[key]?.location ?? location }
}

/// Both shared files, parsed and classified the way botocore's `load_config` and
/// `Session.full_config` do. Profiles are indexed by name; their keys are read on demand.
package struct AWSConfig: Sendable {
  /// Resolved path of the config file (it may not exist).
  package var configPath: String { config.path }
  /// Resolved path of the credentials file (it may not exist).
  package var credentialsPath: String { credentials.path }
  let config: INIDocument
  let credentials: INIDocument
  /// Profile name to config-file section; a later section for the same name replaces the
  /// earlier one entirely (`[default]` then `[profile default]`, `[profile a]` then `[profile "a"]`).
  let configProfileIndex: [String: Int]
  /// Credentials-file section names (taken literally) to sections.
  let credentialIndex: [String: Int]
  let ssoSessionIndex: [String: Int]
  let servicesIndex: [String: Int]
  /// Profile names in the order they first appear (config file, then credentials file).
  package let profileOrder: [String]

  /// Builds the view from two parsed files.
  package init(config: INIDocument, credentials: INIDocument) {
    self.config = config
    self.credentials = credentials
    var profiles: [String: Int] = [:]
    var ssoSessions: [String: Int] = [:]
    var services: [String: Int] = [:]
    var order: [String] = []
    profiles.reserveCapacity(config.sectionCount)
    for index in 0..<config.sectionCount {
      switch Self.classify(config.header(at: index)) {
      case .profile(let name):
        if profiles.updateValue(index, forKey: name) == nil { order.append(name) }
      case .ssoSession(let name): ssoSessions[name] = index
      case .services(let name): services[name] = index
      case .other: break
      }
    }
    var credentialSections: [String: Int] = [:]
    for index in 0..<credentials.sectionCount {
      let name = credentials.header(at: index)
      credentialSections[name] = index
      if profiles[name] == nil { order.append(name) }
    }
    configProfileIndex = profiles
    credentialIndex = credentialSections
    ssoSessionIndex = ssoSessions
    servicesIndex = services
    profileOrder = order
  }

  /// Whether the merged view has this profile.
  package func hasProfile(_ name: String) -> Bool {
    configProfileIndex[name] != nil || credentialIndex[name] != nil
  }

  /// The merged profile: config-file keys, overwritten key by key by the credentials file.
  package func profile(_ name: String) -> Profile? {
    let fromConfig = configProfile(name)
    let fromCredentials = credentialSection(name)
    switch (fromConfig, fromCredentials) {
    case (nil, nil):
      return nil
    case (let section?, nil), (nil, let section?):
      return Profile(name: name, entries: section.entries, location: section.location)
    case (let config?, let credentials?):
      let merged = config.entries.merging(credentials.entries) { _, fromCredentials in fromCredentials }
      return Profile(name: name, entries: merged, location: config.location)
    }
  }

  /// The profile as the config file alone defines it (what the `config-file` provider reads).
  package func configProfile(_ name: String) -> INISection? {
    configProfileIndex[name].map(config.section(at:))
  }

  /// The credentials-file section with exactly this name (the `shared-credentials-file` provider).
  package func credentialSection(_ name: String) -> INISection? {
    credentialIndex[name].map(credentials.section(at:))
  }

  /// A `[sso-session NAME]` section.
  package func ssoSession(_ name: String) -> INISection? { ssoSessionIndex[name].map(config.section(at:)) }

  /// A `[services NAME]` section.
  package func services(_ name: String) -> INISection? { servicesIndex[name].map(config.section(at:)) }

  /// What a config-file section header means (spec §1.4).
  package enum SectionKind: Equatable {
    case profile(String)
    case ssoSession(String)
    case services(String)
    case other
  }

  /// Classifies a config-file header. botocore only checks that the header *starts with*
  /// `profile` and splits it with shlex, so `[profiles x]` and `[profileX x]` define profile
  /// `x` there. That is an accident, not a feature: rolesh requires the first word to be exactly
  /// `profile` (likewise `sso-session`, `services`) and treats anything else as a plain section.
  package static func classify(_ header: String) -> SectionKind {
    if let name = simpleProfileName(header) { return .profile(name) }
    for (prefix, make) in [
      ("profile", SectionKind.profile), ("sso-session", SectionKind.ssoSession), ("services", SectionKind.services),
    ] where header.unicodeScalars.starts(with: prefix.unicodeScalars) {
      guard let words = PythonText.shlexSplit(header), words.count == 2 else { return .other }
      return words[0] == prefix ? make(words[1]) : .other
    }
    return header == "default" ? .profile("default") : .other
  }

  /// The common `profile NAME` header without quotes or escapes, decided without shlex.
  private static func simpleProfileName(_ header: String) -> String? {
    var header = header
    return header.withUTF8 { utf8 -> String? in
      let count = utf8.count
      guard count > 8, utf8[0] == 0x70, utf8[1] == 0x72, utf8[2] == 0x6F, utf8[3] == 0x66, utf8[4] == 0x69,
        utf8[5] == 0x6C, utf8[6] == 0x65, utf8[7] == 0x20 || utf8[7] == 0x09
      else { return nil }
      var start = 8
      while start < count, utf8[start] == 0x20 || utf8[start] == 0x09 { start += 1 }
      var end = start
      while end < count {
        let byte = utf8[end]
        if byte == 0x20 || byte == 0x09 { break }
        // Quotes and escapes need shlex.
        if byte == 0x27 || byte == 0x22 || byte == 0x5C { return nil }
        end += 1
      }
      guard end > start else { return nil }
      var rest = end
      while rest < count, utf8[rest] == 0x20 || utf8[rest] == 0x09 { rest += 1 }
      guard rest == count else { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<end]), as: UTF8.self)
    }
  }
}
