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
/// `Session.full_config` do.
package struct AWSConfig: Sendable {
  /// Resolved path of the config file (it may not exist).
  package var configPath: String
  /// Resolved path of the credentials file (it may not exist).
  package var credentialsPath: String
  /// Profiles of the config file alone (what the `config-file` static-key provider reads).
  package var configProfiles: [String: INISection]
  /// Sections of the credentials file, names taken literally (the `shared-credentials-file`
  /// provider).
  package var credentialSections: [String: INISection]
  /// The merged view used for everything but static keys.
  package var profiles: [String: Profile]
  /// Profile names in the order they first appear (config file, then credentials file).
  package var profileOrder: [String]
  /// `[sso-session NAME]` sections, kept for later use.
  package var ssoSessions: [String: INISection]
  /// `[services NAME]` sections, used for per-service `endpoint_url`.
  package var services: [String: INISection]

  /// Builds the view from two parsed files.
  package init(config: INIDocument, credentials: INIDocument) {
    configPath = config.path
    credentialsPath = credentials.path
    configProfiles = [:]
    credentialSections = [:]
    profiles = [:]
    profileOrder = []
    ssoSessions = [:]
    services = [:]
    var configOrder: [String] = []
    for section in config.sections {
      switch Self.classify(section.header) {
      case .profile(let name):
        // A later section for the same name replaces the earlier one entirely, as in
        // botocore (`[default]` then `[profile default]`, `[profile a]` then `[profile "a"]`).
        if configProfiles[name] == nil { configOrder.append(name) }
        configProfiles[name] = section
      case .ssoSession(let name): ssoSessions[name] = section
      case .services(let name): services[name] = section
      case .other: break
      }
    }
    for name in configOrder {
      guard let section = configProfiles[name] else { continue }
      profiles[name] = Profile(name: name, entries: section.entries, location: section.location)
      profileOrder.append(name)
    }
    for section in credentials.sections {
      credentialSections[section.header] = section
      if var existing = profiles[section.header] {
        existing.entries.merge(section.entries) { _, fromCredentials in fromCredentials }
        profiles[section.header] = existing
      } else {
        profiles[section.header] = Profile(name: section.header, entries: section.entries, location: section.location)
        profileOrder.append(section.header)
      }
    }
  }

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
    for (prefix, make) in [
      ("profile", SectionKind.profile), ("sso-session", SectionKind.ssoSession), ("services", SectionKind.services),
    ] where header.unicodeScalars.starts(with: prefix.unicodeScalars) {
      guard let words = PythonText.shlexSplit(header), words.count == 2 else { return .other }
      return words[0] == prefix ? make(words[1]) : .other
    }
    return header == "default" ? .profile("default") : .other
  }
}
