#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh sso populate`: one profile per account and role the session's token may use,
/// written into the config file inside a marked block that later runs regenerate. The user's
/// own profiles and comments are never touched, and a run that finds nothing new changes no
/// byte.
///
/// Names are `<account>/<role>` (as granted names them): the account name with anything but
/// letters, digits, `.`, `_` and `-` turned into `-`, and the role name as it is. A name that
/// is already taken — by another account of the same name, or by a profile outside the block —
/// gets the account id added: `<account>-<id>/<role>`.
///
/// The portal is not trusted: an account id that is not 12 digits or a role name outside IAM's
/// character set is skipped with a warning, never written; a listing cut short by its bounds
/// writes nothing; a damaged block is refused (`MarkedBlock`).
package struct SSOPopulate {
  package var runtime: Runtime
  package var config: AWSConfig
  package var session: SSOSession
  package var profile: Profile?

  package init(runtime: Runtime, config: AWSConfig, session: SSOSession, profile: Profile?) {
    self.runtime = runtime
    self.config = config
    self.session = session
    self.profile = profile
  }

  var environment: Environment { runtime.environment }
  var warn: (String) -> Void { runtime.warn }

  /// The lines that delimit this session's block.
  package var marker: MarkedBlock {
    MarkedBlock(
      begin: "# BEGIN rolesh sso populate: sso-session \(session.sessionName ?? "")",
      end: "# END rolesh sso populate: sso-session \(session.sessionName ?? "")")
  }

  /// One generated profile.
  package struct Entry: Equatable, Sendable {
    package var name: String
    package var accountId: String
    package var roleName: String
  }

  /// The accounts and roles, named; `blockNames` are the names the current block defines.
  package func entries(blockNames: Set<String> = []) throws -> [Entry] {
    guard session.sessionName != nil else {
      throw GeneralError(
        "populate writes sso-session profiles: name one with --sso-session (an [sso-session NAME] section in \(config.configPath))",
        status: .configuration)
    }
    let endpoints = try SSOEndpoints.resolve(region: session.region, profile: profile, config: config, environment: environment)
    let clients = try runtime.ssoClients(endpoints)
    let context = SSOTokenContext(environment: environment, clock: runtime.clock, oidc: { _ in clients.oidc }, warn: warn)
    let token = try SSOAccessToken(session: session, context: context).current()
    var portal = clients.portal
    portal.budget = SSOPortalClient.CallBudget(
      maxCalls: try environment.count("ROLESH_SSO_POPULATE_MAX_CALLS", default: 20_000, within: 1...1_000_000),
      seconds: try environment.seconds("ROLESH_SSO_POPULATE_TIMEOUT", default: 600, within: 1...86_400))
    var found: [(account: SSOPortalClient.Account, role: String)] = []
    do {
      for account in try portal.accounts(accessToken: token) {
        guard PortalValues.isAccountId(account.accountId) else {
          warn("rolesh: skipping account \(Self.shown(account.accountId)): the portal's account id is not 12 digits")
          continue
        }
        for role in try portal.roles(accountId: account.accountId, accessToken: token) {
          guard PortalValues.isRoleName(role) else {
            warn(
              "rolesh: skipping a role of account \(account.accountId) (\(Self.shown(role))): not an IAM role name (1-64 of A-Z a-z 0-9 + = , . @ _ -)")
            continue
          }
          found.append((account, role))
        }
      }
    } catch let error as SSOServiceError where error.isUnauthorized {
      throw SSOLoginRequired(reason: "the IAM Identity Center token was refused (\(error.code))", session: session)
    }
    found.sort { ($0.account.accountName, $0.account.accountId, $0.role) < ($1.account.accountName, $1.account.accountId, $1.role) }
    // Names already defined outside the block stay the user's.
    let taken = Set(config.profileOrder).subtracting(blockNames)
    // An account and role a hand-written profile of this session already reaches gets no second profile.
    var covered: [String: String] = [:]
    for name in taken {
      guard let profile = config.profile(name), profile.text("sso_session") == session.sessionName,
        let account = profile.text("sso_account_id"), let role = profile.text("sso_role_name")
      else { continue }
      covered[account + "/" + role] = name
    }
    found.removeAll { pair in
      guard let name = covered[pair.account.accountId + "/" + pair.role] else { return false }
      warn("rolesh: account \(pair.account.accountId) role \(pair.role) already has your profile \(name); not adding another")
      return true
    }
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

  /// A portal value for a message: escaped, and cut to 80 characters.
  static func shown(_ value: String) -> String {
    let cut = value.count > 80 ? String(value.prefix(80)) + "…" : value
    return "\"" + TerminalText.sanitized(cut, keepNewlines: false) + "\""
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
    let marker = marker
    var lines = [
      marker.begin,
      "# Generated by `rolesh sso populate --sso-session \(session.sessionName ?? "")`: edits inside this block are replaced on the next run.",
    ]
    for entry in entries {
      lines += [
        "[profile \(entry.name)]", "sso_session = \(session.sessionName ?? "")", "sso_account_id = \(entry.accountId)",
        "sso_role_name = \(entry.roleName)", "region = \(session.region)", "",
      ]
    }
    if lines.last == "" { lines.removeLast() }
    lines.append(marker.end)
    return lines.joined(separator: "\n") + "\n"
  }

  /// Profile names inside the block at `range` of `bytes`.
  static func names(in bytes: [UInt8], _ range: Range<Int>?) -> Set<String> {
    guard let range else { return [] }
    var names = Set<String>()
    for line in bytes[range].split(separator: 0x0A) {
      let text = String(decoding: line, as: UTF8.self)
      if text.hasPrefix("[profile ") && text.hasSuffix("]") { names.insert(String(text.dropFirst("[profile ".count).dropLast())) }
    }
    return names
  }

  /// Writes the block (unless `dryRun`); returns it and whether the file changed. The file is
  /// read, and a damaged block refused, before the portal is asked anything.
  package func run(dryRun: Bool) throws -> (block: String, changed: Bool) {
    let path = config.configPath
    let bytes = try FileSystem.readUserFile(path)
    let marker = marker
    let current = try marker.locate(in: bytes, path: path)
    let block = block(try entries(blockNames: Self.names(in: bytes, current)))
    if dryRun { return (block, false) }
    let updated = try marker.replacing(in: bytes, with: Array(block.utf8), path: path)
    guard updated != bytes else { return (block, false) }
    // The result must still be a config file botocore reads.
    _ = try INIParser.parse(bytes: updated, path: path)
    try FileSystem.replaceUserFile(updated, at: path)
    return (block, true)
  }
}
