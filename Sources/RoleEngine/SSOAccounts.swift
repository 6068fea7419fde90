#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshCurl
import RoleshSupport

/// `rolesh sso logout`: what `aws sso logout` does — a Logout call for every cached token
/// (errors ignored), the token files deleted, every `ProviderType: sso` credential entry
/// deleted; client registrations stay.
package struct SSOLogout {
  package var environment: Environment
  package var config: AWSConfig
  package var profile: Profile?
  package var transport: () -> HTTPTransport

  package init(environment: Environment, config: AWSConfig, profile: Profile?) {
    self.environment = environment
    self.config = config
    self.profile = profile
    self.transport = { CurlTransport(environment: environment) }
  }

  /// How many token files and credential entries were removed.
  package func run() -> (tokens: Int, credentials: Int) {
    let tokens = SSOTokenCache(environment: environment)
    var removedTokens = 0
    for name in FileSystem.listDirectory(tokens.directory).sorted() {
      let path = tokens.directory + "/" + name
      guard let bytes = FileSystem.readRegularFile(path, limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
        let access = json["accessToken"]?.stringValue
      else { continue }
      if let region = json["region"]?.stringValue,
        let endpoints = try? SSOEndpoints.resolve(region: region, profile: profile, config: config, environment: environment)
      {
        var portal = SSOPortalClient(transport: transport(), endpoint: endpoints.portal)
        portal.rest.timeout = 10
        // The token may be expired or invalid already: the file goes either way.
        try? portal.logout(accessToken: access)
      }
      if unlink(path) == 0 { removedTokens += 1 }
    }
    let credentials = CredentialCache.directory(environment)
    var removedCredentials = 0
    for name in FileSystem.listDirectory(credentials).sorted() where name.hasSuffix(".json") {
      let path = credentials + "/" + name
      guard let bytes = FileSystem.readRegularFile(path, limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
        json["ProviderType"]?.stringValue == "sso"
      else { continue }
      if unlink(path) == 0 { removedCredentials += 1 }
    }
    return (removedTokens, removedCredentials)
  }
}

/// `rolesh sso populate`: one profile per account and role the session's token may use,
/// written into the config file inside a marked block that later runs regenerate. The user's
/// own profiles and comments are never touched, and a run that finds nothing new changes no
/// byte.
///
/// Names are `<account>/<role>` (as granted names them): the account name with anything but
/// letters, digits, `.`, `_` and `-` turned into `-`, and the role name as it is. A name that
/// is already taken — by another account of the same name, or by a profile outside the block —
/// gets the account id added: `<account>-<id>/<role>`.
package struct SSOPopulate {
  package var environment: Environment
  package var config: AWSConfig
  package var session: SSOSession
  package var profile: Profile?
  package var transport: () -> HTTPTransport
  package var warn: (String) -> Void

  package init(environment: Environment, config: AWSConfig, session: SSOSession, profile: Profile?, warn: @escaping (String) -> Void) {
    self.environment = environment
    self.config = config
    self.session = session
    self.profile = profile
    self.warn = warn
    self.transport = { CurlTransport(environment: environment) }
  }

  private var beginMarker: String { "# BEGIN rolesh sso populate: sso-session \(session.sessionName ?? "")" }
  private var endMarker: String { "# END rolesh sso populate: sso-session \(session.sessionName ?? "")" }

  /// One generated profile.
  package struct Entry: Equatable, Sendable {
    package var name: String
    package var accountId: String
    package var roleName: String
  }

  /// The accounts and roles, named.
  package func entries() throws -> [Entry] {
    guard session.sessionName != nil else {
      throw GeneralError(
        "populate writes sso-session profiles: name one with --sso-session (an [sso-session NAME] section in \(config.configPath))",
        status: .configuration)
    }
    let endpoints = try SSOEndpoints.resolve(region: session.region, profile: profile, config: config, environment: environment)
    let context = SSOTokenContext(
      environment: environment, clock: { .now() },
      oidc: { _ in SSOOIDCClient(transport: transport(), endpoint: endpoints.oidc) }, warn: warn)
    let token = try SSOAccessToken(session: session, context: context).current()
    let portal = SSOPortalClient(transport: transport(), endpoint: endpoints.portal)
    var found: [(account: SSOPortalClient.Account, role: String)] = []
    do {
      for account in try portal.accounts(accessToken: token) {
        for role in try portal.roles(accountId: account.accountId, accessToken: token) { found.append((account, role)) }
      }
    } catch let error as SSOServiceError where error.isUnauthorized {
      throw SSOLoginRequired(reason: "the IAM Identity Center token was refused (\(error.code))", session: session)
    }
    found.sort { ($0.account.accountName, $0.account.accountId, $0.role) < ($1.account.accountName, $1.account.accountId, $1.role) }
    // Names already defined outside the block stay the user's.
    let taken = Set(config.profileOrder).subtracting(existingBlockNames())
    let accountNames = Dictionary(grouping: found.map(\.account), by: { Self.slug($0.accountName) })
      .mapValues { Set($0.map(\.accountId)).count }
    var used = Set<String>()
    var entries: [Entry] = []
    for (account, role) in found {
      let slug = Self.slug(account.accountName)
      var name = "\(slug)/\(role)"
      if (accountNames[slug] ?? 0) > 1 || taken.contains(name) || used.contains(name) { name = "\(slug)-\(account.accountId)/\(role)" }
      guard !taken.contains(name), used.insert(name).inserted else {
        warn("rolesh: skipping account \(account.accountId) role \(role): profile \(name) already exists")
        continue
      }
      entries.append(Entry(name: name, accountId: account.accountId, roleName: role))
    }
    return entries
  }

  /// The account part of a name.
  package static func slug(_ name: String) -> String {
    var out = ""
    for scalar in name.unicodeScalars {
      let keep = scalar.isASCII && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
        || scalar == "." || scalar == "_" || scalar == "-")
      if keep {
        out.unicodeScalars.append(scalar)
      } else if !out.hasSuffix("-") {
        out += "-"
      }
    }
    while out.hasPrefix("-") { out.removeFirst() }
    while out.hasSuffix("-") { out.removeLast() }
    return out.isEmpty ? "account" : out
  }

  /// The block for `entries`.
  package func block(_ entries: [Entry]) -> String {
    var lines = [
      beginMarker,
      "# Generated by `rolesh sso populate --sso-session \(session.sessionName ?? "")`: edits inside this block are replaced on the next run.",
    ]
    for entry in entries {
      lines += [
        "[profile \(entry.name)]", "sso_session = \(session.sessionName ?? "")", "sso_account_id = \(entry.accountId)",
        "sso_role_name = \(entry.roleName)", "region = \(session.region)", "",
      ]
    }
    if lines.last == "" { lines.removeLast() }
    lines.append(endMarker)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Profile names inside the current block.
  private func existingBlockNames() -> Set<String> {
    guard let text = FileSystem.readRegularFile(config.configPath).map({ String(decoding: $0, as: UTF8.self) }),
      let range = blockRange(in: text)
    else { return [] }
    var names = Set<String>()
    for line in text[range].split(separator: "\n") where line.hasPrefix("[profile ") && line.hasSuffix("]") {
      names.insert(String(line.dropFirst("[profile ".count).dropLast()))
    }
    return names
  }

  /// The block's lines (BEGIN to END, with END's newline) in `text`.
  private func blockRange(in text: String) -> Range<String.Index>? {
    guard let begin = text.firstRange(of: beginMarker + "\n"),
      let end = text[begin.upperBound...].firstRange(of: endMarker)
    else { return nil }
    var upper = end.upperBound
    if upper < text.endIndex, text[upper] == "\n" { upper = text.index(after: upper) }
    return begin.lowerBound..<upper
  }

  /// Writes the block (unless `dryRun`); returns it and whether the file changed.
  package func run(dryRun: Bool) throws -> (block: String, changed: Bool) {
    let block = block(try entries())
    if dryRun { return (block, false) }
    let path = config.configPath
    let existing = FileSystem.read(path)
    var text = ""
    switch existing {
    case .contents(let bytes): text = String(decoding: bytes, as: UTF8.self)
    case .missing: break
    default: throw GeneralError(existing.problem(path) ?? "cannot read \(path)", status: .configuration)
    }
    var updated = text
    if let range = blockRange(in: text) {
      updated.replaceSubrange(range, with: block)
    } else {
      if !updated.isEmpty && !updated.hasSuffix("\n") { updated += "\n" }
      if !updated.isEmpty { updated += "\n" }
      updated += block
    }
    guard updated != text else { return (block, false) }
    // The result must still be a config file botocore reads.
    _ = try INIParser.parse(bytes: Array(updated.utf8), path: path)
    var info = stat()
    let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o600
    if let slash = path.lastIndex(of: "/") { try FileSystem.makeDirectories(String(path[..<slash]), mode: 0o700) }
    try FileSystem.writeAtomically(Array(updated.utf8), to: path, mode: mode)
    return (block, true)
  }
}
