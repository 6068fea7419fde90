import Glibc
import RoleshSupport

/// A profile in botocore's merged view: config-file keys, overwritten key by key by the
/// credentials file.
package struct Profile: Equatable, Sendable {
  package var name: String
  package var entries: INIEntries
  /// The section header that defined it (the config file's, when both files have it).
  package var location: SourceLocation

  package init(name: String, entries: INIEntries, location: SourceLocation) {
    self.name = name
    self.entries = entries
    self.location = location
  }

  package subscript(key: String) -> INIValue? { entries[key]?.value }

  /// Whether the key is present at all (an empty value counts, as in botocore).
  package func has(_ key: String) -> Bool { entries[key] != nil }

  /// The key's value as text; `nil` when absent or when it is a nested block.
  package func text(_ key: String) -> String? { entries[key]?.value.text }

  /// Where the key was defined, else where the profile was.
  package func location(of key: String) -> SourceLocation { entries[key]?.location ?? location }
}

/// Both shared files, parsed and classified the way botocore's `load_config` and
/// `Session.full_config` do. A profile is found through the files' header tables (built while
/// parsing); only a config file with irregular profile headers is searched header by header.
package struct AWSConfig {
  /// Resolved path of the config file (it may not exist).
  package var configPath: String { config.path }
  /// Resolved path of the credentials file (it may not exist).
  package var credentialsPath: String { credentials.path }
  let config: INIDocument
  let credentials: INIDocument
  private let index = ProfileIndex()
  /// A profile that exists only for this command (a role named with `--role-arn`): found by
  /// `profile(_:)` before the files, never listed.
  package private(set) var commandLineProfile: Profile?

  /// Builds the view from two parsed files.
  package init(config: INIDocument, credentials: INIDocument) {
    self.config = config
    self.credentials = credentials
  }

  /// What the header tables cannot answer when a config file has irregular profile headers
  /// (`[profile  a]`, `[profile "a b"]`…): built only once a command has looked up many profiles.
  private final class ProfileIndex {
    var lookups = 0
    var profiles: NameIndex?
    /// `profileOrder`, once computed for `list`.
    var order: [String]?
    /// Answers of the scans so far (a resolution asks for the same few names repeatedly).
    var scannedProfiles: [String: Int?] = [:]
  }

  /// Prepares for looking up every profile (`list`): afterwards lookups only read, so the view
  /// may be shared by threads.
  package func indexAllProfiles() {
    if config.hasIrregularProfileHeaders && index.profiles == nil { buildProfileIndex() }
    if index.order == nil { index.order = profileOrder }
  }

  private func buildProfileIndex() {
    var map = NameIndex(capacity: config.sectionCount)
    for i in 0..<config.sectionCount {
      if let profile = config.withHeader(at: i, Self.profileName) { map.set(profile, i) }
    }
    index.profiles = map
  }

  /// The last config-file section of `kind` (a later section replaces an earlier one
  /// entirely: `[default]` then `[profile default]`, `[profile a]` then `[profile "a"]`).
  private func configSection(_ kind: SectionKind) -> Int? {
    if case .profile(let name) = kind {
      // Only `[profile NAME]` headers: the header's hash finds it (`[default]` and
      // `[profile default]` both name `default`; the later one wins).
      if !config.hasIrregularProfileHeaders {
        let plain = config.section(headerPrefix: "profile ", name: name)
        guard name == "default", let bare = config.section(headerPrefix: "", name: "default") else { return plain }
        return max(plain ?? bare, bare)
      }
      // Built indexes are only read from here on: `list` looks profiles up from two threads.
      if let map = index.profiles { return map[name] }
      index.lookups += 1
      // A scan per lookup is cheaper until a command has asked for many profiles.
      if index.lookups > 16 {
        buildProfileIndex()
        return index.profiles?[name]
      }
      if let known = index.scannedProfiles[name] { return known }
      var found: Int?
      for i in 0..<config.sectionCount where config.withHeader(at: i, { Self.header($0, namesProfile: name) }) { found = i }
      index.scannedProfiles[name] = found
      return found
    }
    var found: Int?
    for i in 0..<config.sectionCount where config.withHeader(at: i, { Self.header($0, mayBe: kind) }) {
      if Self.classify(config.header(at: i)) == kind { found = i }
    }
    return found
  }

  /// The credentials-file section with exactly this header: headers are unique (a repeated
  /// one fails the parse), so the header's hash finds it.
  private func credentialSectionIndex(_ name: String) -> Int? {
    credentials.section(headerPrefix: "", name: name)
  }

  /// Whether header `h` defines profile `name`, without building strings for the common
  /// `profile NAME` form (the scan above runs over every header of the file).
  static func header(_ h: UnsafeBufferPointer<UInt8>, namesProfile name: String) -> Bool {
    var name = name
    return name.withUTF8 { n in
      if INIDocument.equal(h, "default") { return INIDocument.equal(n, "default") }
      switch profileHeader(h) {
      case .simple(let range): return range.count == n.count && memcmp(h.baseAddress! + range.lowerBound, n.baseAddress!, n.count) == 0
      case .quoted: return classify(String(decoding: h, as: UTF8.self)) == .profile(String(decoding: n, as: UTF8.self))
      case .notProfile: return false
      }
    }
  }

  /// The profile header `h` defines, if any: `classify` without a String for the common forms.
  static func profileName(_ h: UnsafeBufferPointer<UInt8>) -> String? {
    if INIDocument.equal(h, "default") { return "default" }
    switch profileHeader(h) {
    case .simple(let range): return String(decoding: UnsafeBufferPointer(rebasing: h[range]), as: UTF8.self)
    case .notProfile where !h.starts(with: "profile".utf8): return nil
    case .quoted, .notProfile:
      if case .profile(let name) = classify(String(decoding: h, as: UTF8.self)) { return name }
      return nil
    }
  }

  /// Whether header `h` can be of `kind` at all: its first word's bytes (`classify` decides).
  private static func header(_ h: UnsafeBufferPointer<UInt8>, mayBe kind: SectionKind) -> Bool {
    switch kind {
    case .ssoSession: return h.starts(with: "sso-session".utf8)
    case .services: return h.starts(with: "services".utf8)
    case .profile, .other: return true
    }
  }

  /// How a header reads as `profile NAME`, decided on its bytes.
  private enum ProfileHeader {
    /// `profile` + blanks + NAME + blanks, no quotes or escapes: NAME's bytes.
    case simple(Range<Int>)
    /// Quotes or backslashes: only shlex can say.
    case quoted
    /// Not `profile` followed by exactly one plain word.
    case notProfile
  }

  private static func profileHeader(_ h: UnsafeBufferPointer<UInt8>) -> ProfileHeader {
    func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    guard h.count > 8, INIDocument.equal(UnsafeBufferPointer(rebasing: h[0..<7]), "profile"), isBlank(h[7]) else { return .notProfile }
    var start = 8
    while start < h.count, isBlank(h[start]) { start += 1 }
    var end = h.count
    while end > start, isBlank(h[end - 1]) { end -= 1 }
    guard end > start else { return .notProfile }
    for index in start..<end where h[index] == 0x27 || h[index] == 0x22 || h[index] == 0x5C { return .quoted }
    for index in start..<end where isBlank(h[index]) { return .notProfile }
    return .simple(start..<end)
  }

  /// Profile names in the order they first appear (config file, then credentials file).
  package var profileOrder: [String] {
    if let order = index.order { return order }
    var order: [String] = []
    order.reserveCapacity(config.sectionCount + credentials.sectionCount)
    var seen = NameIndex(capacity: config.hasIrregularProfileHeaders ? config.sectionCount : 0)
    var sawDefault = false
    for index in 0..<config.sectionCount {
      guard let name = config.withHeader(at: index, Self.profileName) else { continue }
      if config.hasIrregularProfileHeaders {
        if seen.set(name, 0) == nil { order.append(name) }
      } else if name != "default" || !sawDefault {
        // Regular headers are unique, so only `default` can come twice.
        sawDefault = sawDefault || name == "default"
        order.append(name)
      }
    }
    // Credentials headers are unique too; a name the config file defines came already.
    for index in 0..<credentials.sectionCount {
      let name = credentials.header(at: index)
      if configSection(.profile(name)) == nil { order.append(name) }
    }
    return order
  }

  /// Where one profile is defined: its config-file and credentials-file sections.
  package struct ProfileSections: Sendable {
    package let name: String
    let config: Int?
    let credentials: Int?
  }

  /// Every profile in `profileOrder`'s order with its sections, found in one pass over the
  /// headers (`list` builds every profile: a lookup per profile and file was a third of its
  /// work at 50,000 profiles). Afterwards lookups only read, as after `indexAllProfiles`.
  package func allProfileSections() -> [ProfileSections] {
    guard !config.hasIrregularProfileHeaders else {
      indexAllProfiles()
      return profileOrder.map { ProfileSections(name: $0, config: configSection(.profile($0)), credentials: credentialSectionIndex($0)) }
    }
    // Regular headers are unique but for `default` (`[default]` and `[profile default]`: the
    // later one is the profile). Credentials headers are unique; each is matched to its config
    // section once.
    var credentialsOfConfig = [Int32](repeating: -1, count: config.sectionCount)
    var credentialsOnly: [ProfileSections] = []
    for index in 0..<credentials.sectionCount {
      let name = credentials.header(at: index)
      if let section = configSection(.profile(name)) {
        credentialsOfConfig[section] = Int32(index)
      } else {
        credentialsOnly.append(ProfileSections(name: name, config: nil, credentials: index))
      }
    }
    var result: [ProfileSections] = []
    result.reserveCapacity(config.sectionCount + credentialsOnly.count)
    var sawDefault = false
    for index in 0..<config.sectionCount {
      guard let name = config.withHeader(at: index, Self.profileName) else { continue }
      var section = index
      if name == "default" {
        if sawDefault { continue }
        sawDefault = true
        section = configSection(.profile("default")) ?? index
      }
      let credentials = credentialsOfConfig[section]
      result.append(ProfileSections(name: name, config: section, credentials: credentials >= 0 ? Int(credentials) : nil))
    }
    result += credentialsOnly
    if index.order == nil { index.order = result.map(\.name) }
    return result
  }

  /// The merged profile at `sections` (see `allProfileSections`; a command-line profile is
  /// never listed).
  package func profile(_ sections: ProfileSections) -> Profile? {
    merged(sections.name, config: sections.config, credentials: sections.credentials)
  }

  /// The profiles that may set `key` (lowercase) to `value`, in `profileOrder`'s order: a
  /// superset found without building a profile (confirm each with `profile(_:)`). Nil when
  /// `[DEFAULT]` sets the key: then any profile may.
  package func profiles(mayHave key: String, equalTo value: String) -> [String]? {
    guard let inConfig = config.sections(mayHave: key, equalTo: value),
      let inCredentials = credentials.sections(mayHave: key, equalTo: value)
    else { return nil }
    var seen = Set<String>()
    let fromConfig = inConfig.compactMap { config.withHeader(at: $0, Self.profileName) }.filter { seen.insert($0).inserted }
    if inCredentials.isEmpty { return fromConfig }
    // A credentials section may belong to a profile the config file places earlier.
    let wanted = seen.union(inCredentials.map(credentials.header(at:)))
    return profileOrder.filter(wanted.contains)
  }

  /// This view with `profile` added in front of the files' profiles (see `commandLineProfile`).
  package func adding(commandLineProfile profile: Profile) -> AWSConfig {
    var config = self
    config.commandLineProfile = profile
    return config
  }

  /// The merged profile: config-file keys, overwritten key by key by the credentials file.
  package func profile(_ name: String) -> Profile? {
    if let commandLineProfile, commandLineProfile.name == name { return commandLineProfile }
    return merged(name, config: configSection(.profile(name)), credentials: credentialSectionIndex(name))
  }

  private func merged(_ name: String, config fromConfig: Int?, credentials fromCredentials: Int?) -> Profile? {
    switch (fromConfig, fromCredentials) {
    case (nil, nil):
      return nil
    case (let section?, nil):
      return Profile(name: name, entries: config.entries(ofSection: section), location: config.location(ofSection: section))
    case (nil, let section?):
      return Profile(
        name: name, entries: credentials.entries(ofSection: section), location: credentials.location(ofSection: section))
    case (let section?, let credentialsSection?):
      var merged = config.entries(ofSection: section)
      for (key, entry) in credentials.entries(ofSection: credentialsSection) { merged[key] = entry }
      return Profile(name: name, entries: merged, location: config.location(ofSection: section))
    }
  }

  /// The profile as the config file alone defines it (what the `config-file` provider reads).
  package func configProfile(_ name: String) -> INISection? {
    configSection(.profile(name)).map(config.section(at:))
  }

  /// The credentials-file section with exactly this name (the `shared-credentials-file` provider).
  package func credentialSection(_ name: String) -> INISection? {
    credentialSectionIndex(name).map(credentials.section(at:))
  }

  /// The credentials file's section names, in file order.
  package var credentialsSectionNames: [String] { (0..<credentials.sectionCount).map(credentials.header(at:)) }

  /// The `[sso-session NAME]` names, in file order.
  package var ssoSessionNames: [String] {
    var names: [String] = []
    for index in 0..<config.sectionCount {
      guard config.withHeader(at: index, { Self.header($0, mayBe: .ssoSession("")) }) else { continue }
      if case .ssoSession(let name) = Self.classify(config.header(at: index)), !names.contains(name) { names.append(name) }
    }
    return names
  }

  /// A `[sso-session NAME]` section.
  package func ssoSession(_ name: String) -> INISection? { configSection(.ssoSession(name)).map(config.section(at:)) }

  /// A `[services NAME]` section.
  package func services(_ name: String) -> INISection? { configSection(.services(name)).map(config.section(at:)) }

  /// What a config-file section header means.
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
    return header.withUTF8 { h in
      guard case .simple(let range) = profileHeader(h) else { return nil }
      return String(decoding: UnsafeBufferPointer(rebasing: h[range]), as: UTF8.self)
    }
  }
}
