import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh list [--long] [--json]`: every profile with its kind, account, role and source.
package enum ProfileTable {
  /// The listing, in pieces to write one after the other (a large table is built on two
  /// threads). Text pieces are terminal-safe; JSON is one piece.
  /// `width`: the columns the compact table may use; the role and source columns are cut to
  /// fit, the profile name never is.
  package static func render(long: Bool, json: Bool, width: Int = 100, runtime: Runtime) throws -> [[UInt8]] {
    let environment = runtime.environment
    let config = try runtime.config()
    let now = runtime.clock()
    let summaries = ProfileListing.summaries(
      config: config, resolver: ProfileResolver(config: config, environment: environment),
      cacheDirectory: CredentialCache.directory(environment), now: now)
    if json {
      return [Array((JSON.object([("profiles", .array(summaries.map(\.json)))]).serialized() + "\n").utf8)]
    }
    if long {
      let header = ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED UNTIL"]
      let rows = summaries.map { s in
        [s.name, s.kind, s.account ?? "-", s.roleArn ?? s.ssoRoleName ?? "-", s.source ?? "-", s.mfaSerial ?? "-", s.region ?? "-",
         s.cachedUntil?.description ?? "-"]
      }
      return [TextTable.renderBytes([header] + rows)]
    }
    // Compact: the role's name, `mfa` for an MFA device, minutes of cache left.
    let header = ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED"]
    return TextTable.renderChunks(header: header, count: summaries.count, maxWidth: width, shrinkable: [3, 4]) { index in
      let s = summaries[index]
      return [
        s.name, s.kind, s.account ?? "-", s.roleName ?? "-", s.source ?? "-",
        s.mfaSerial == nil ? "-" : "mfa", s.region ?? "-",
        s.cachedUntil.map { "\(max(0, $0.secondsSinceEpoch - now.secondsSinceEpoch) / 60)m" } ?? "-",
      ]
    }
  }
}
