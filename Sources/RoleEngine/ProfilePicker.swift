import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// The model of `rolesh use`'s picker: the profiles with what they reach, a filter typed by the
/// person, a highlighted row. Drawing and keys are the terminal's business (`PickerTerminal`);
/// this part is plain values, tested as such.
package struct ProfilePicker: Sendable {
  package struct Item: Equatable, Sendable {
    package var name: String
    /// Account, role and source, in one line.
    package var detail: String

    package init(name: String, detail: String) {
      self.name = name
      self.detail = detail
    }
  }

  package private(set) var items: [Item]
  package private(set) var query = ""
  /// Indices into `items` that match `query`, best first.
  package private(set) var matches: [Int]
  /// Index into `matches` of the highlighted row.
  package private(set) var selected = 0

  package init(items: [Item]) {
    self.items = items
    matches = Array(items.indices)
  }

  /// The picker for the profiles of the runtime's config that can give credentials (as
  /// completion offers them), the recently used first, the highlight on the shell's current
  /// profile; an error when there are none.
  package static func make(runtime: Runtime) throws -> ProfilePicker {
    let config = try runtime.config()
    let environment = runtime.environment
    let resolver = ProfileResolver(config: config, environment: environment)
    let usable = items(config: config, environment: environment).filter { item in
      (try? resolver.resolve(.explicit(item.name)))?.steps.isEmpty == false
    }
    var picker = ProfilePicker(items: RecentProfiles.ordered(usable, by: RecentProfiles.load(environment)))
    guard !picker.items.isEmpty else {
      throw GeneralError("no profiles in \(config.configPath) or \(config.credentialsPath) can give credentials to pick from", status: .configuration)
    }
    if let current = environment.nonEmpty("ROLESH_PROFILE") { picker.markCurrent(current) }
    return picker
  }

  /// Starts on `name` and marks it as the shell's current profile.
  package mutating func markCurrent(_ name: String) {
    guard let index = items.firstIndex(where: { $0.name == name }) else { return }
    current = name
    if let position = matches.firstIndex(of: index) { selected = position }
  }

  /// The shell's current profile, marked in the list.
  package private(set) var current: String?

  /// The profiles of `config`, as `list` describes them.
  package static func items(config: AWSConfig, environment: Environment) -> [Item] {
    items(
      ProfileListing.summaries(
        config: config, resolver: ProfileResolver(config: config, environment: environment),
        cacheDirectory: CredentialCache.directory(environment), now: .now()))
  }

  /// Each profile's kind, account, role and source on one line.
  package static func items(_ summaries: [ProfileSummary]) -> [Item] {
    summaries.map { summary in
      let parts = [summary.kind, summary.account, summary.roleName, summary.source.map { "via " + $0 }].compactMap { $0 }
      return Item(name: summary.name, detail: parts.joined(separator: "  "))
    }
  }

  /// The highlighted profile, if any matches.
  package var choice: String? { matches.isEmpty ? nil : items[matches[selected]].name }

  package mutating func type(_ text: String) { setQuery(query + text) }

  package mutating func erase() {
    guard !query.isEmpty else { return }
    setQuery(String(query.dropLast()))
  }

  package mutating func clear() { setQuery("") }

  /// Moves the highlight, staying within the matches.
  package mutating func move(_ offset: Int) {
    guard !matches.isEmpty else { return }
    selected = min(max(selected + offset, 0), matches.count - 1)
  }

  /// Names containing the query come first (earlier position first), then names holding its
  /// characters in order; case does not matter.
  private mutating func setQuery(_ text: String) {
    query = text
    selected = 0
    let needle = Array(text.lowercased().unicodeScalars)
    guard !needle.isEmpty else {
      matches = Array(items.indices)
      return
    }
    var ranked: [(rank: Int, index: Int)] = []
    for (index, item) in items.enumerated() {
      let haystack = Array(item.name.lowercased().unicodeScalars)
      if let position = ProfileSuggestions.position(of: needle, in: haystack) {
        ranked.append((position, index))
      } else if Self.isSubsequence(needle, of: haystack) {
        ranked.append((haystack.count + 1, index))
      }
    }
    matches = ranked.sorted { ($0.rank, $0.index) < ($1.rank, $1.index) }.map(\.index)
  }

  private static func isSubsequence(_ needle: [Unicode.Scalar], of haystack: [Unicode.Scalar]) -> Bool {
    var next = 0
    for scalar in haystack where next < needle.count && scalar == needle[next] { next += 1 }
    return next == needle.count
  }

  /// The lines to draw: the query line, then up to `height` rows around the highlight, each cut
  /// to `width` columns (terminal-safe text only).
  package func lines(width: Int, height: Int) -> [String] {
    let width = max(width, 20)
    var lines = [Self.fit("use> " + query, width)]
    if matches.isEmpty {
      lines.append(Self.fit("  (no profile matches)", width))
      return lines
    }
    let rows = max(1, height)
    let first = min(max(0, selected - rows + 1), max(0, matches.count - rows))
    // Widths in terminal columns of the text as it is drawn (escaped), so that wide (CJK,
    // emoji) names neither wrap nor shift the redraw.
    let shownNames = items.map { TerminalText.sanitized($0.name, keepNewlines: false) }
    let nameWidth = min(40, shownNames.map(DisplayWidth.of).max() ?? 0)
    for offset in first..<min(matches.count, first + rows) {
      let item = items[matches[offset]]
      let marker = offset == selected ? "> " : item.name == current ? "* " : "  "
      let name = shownNames[matches[offset]]
      let padded = DisplayWidth.of(name) < nameWidth ? DisplayWidth.fit(name, columns: nameWidth, pad: true) : name
      lines.append(Self.fit(marker + padded + "  " + item.detail, width))
    }
    let now = current.map { " · * now: \($0)" } ?? ""
    lines.append(Self.fit("  \(matches.count) of \(items.count)\(now) · ↑↓ move · Enter use · Esc cancel", width))
    return lines
  }

  /// `text` made terminal-safe (controls and bidi overrides escaped) and cut to `width` columns.
  static func fit(_ text: String, _ width: Int) -> String {
    DisplayWidth.fit(TerminalText.sanitized(text, keepNewlines: false), columns: width)
  }
}

/// The profiles this user switched to lately, newest first (`$XDG_STATE_HOME/rolesh/recent`):
/// the picker lists them first, as granted orders by use.
package enum RecentProfiles {
  static let limit = 100

  static func path(_ environment: Environment) -> String { StatePaths.stateHome(environment) + "/rolesh/recent" }

  package static func load(_ environment: Environment) -> [String] {
    guard let bytes = FileSystem.readRegularFile(path(environment), limit: FileSystem.smallFileLimit) else { return [] }
    return String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init)
  }

  /// Puts `profile` first. A failure to write costs only the order of a later list.
  package static func record(_ profile: String, _ environment: Environment) {
    guard !profile.contains("\n") else { return }
    let recent = load(environment)
    // Switching back to the newest is the common case: nothing to write.
    if recent.first == profile { return }
    let names = [profile] + recent.filter { $0 != profile }.prefix(limit - 1)
    let file = path(environment)
    if let slash = file.lastIndex(of: "/") { try? FileSystem.makeDirectories(String(file[..<slash]), mode: 0o700) }
    try? FileSystem.writeAtomically(Array((names.joined(separator: "\n") + "\n").utf8), to: file, mode: 0o600, durable: false)
  }

  /// `items` with the recently used first, newest first; the rest in their own order.
  static func ordered(_ items: [ProfilePicker.Item], by recent: [String]) -> [ProfilePicker.Item] {
    var rank: [String: Int] = [:]
    for (position, name) in recent.enumerated() where rank[name] == nil { rank[name] = position }
    return items.enumerated().sorted { a, b in
      (rank[a.element.name] ?? Int.max, a.offset) < (rank[b.element.name] ?? Int.max, b.offset)
    }.map(\.element)
  }
}
