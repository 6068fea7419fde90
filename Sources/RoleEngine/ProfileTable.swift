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
    let resolver = ProfileResolver(config: config, environment: environment)
    let cacheDirectory = CredentialCache.directory(environment)
    if !json && !long {
      // Compact: each row made and measured in one go (on two threads for a large config).
      let rows = ProfileListing.Rows(config: config, resolver: resolver, cacheDirectory: cacheDirectory, now: now)
      let header = ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED"]
      return TextTable.renderChunks(header: header, count: rows.count, maxWidth: width, shrinkable: [3, 4]) { index in
        compactRow(rows[index], now: now)
      }
    }
    let summaries = ProfileListing.summaries(config: config, resolver: resolver, cacheDirectory: cacheDirectory, now: now)
    if json {
      return [Array((JSON.object([("profiles", .array(summaries.map(\.json)))]).serialized() + "\n").utf8)]
    }
    let header = ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED UNTIL"]
    let rows = summaries.map { s in
      [s.name, s.kind, s.account ?? "-", s.roleArn ?? s.ssoRoleName ?? "-", s.source ?? "-", s.mfaSerial ?? "-", s.region ?? "-",
       s.cachedUntil?.description ?? "-"]
    }
    return [TextTable.renderBytes([header] + rows)]
  }

  /// A compact row: the role's name, `mfa` for an MFA device, minutes of cache left.
  static func compactRow(_ s: ProfileSummary, now: Timestamp) -> [String] {
    [
      s.name, s.kind, s.account ?? "-", s.roleName ?? "-", s.source ?? "-",
      s.mfaSerial == nil ? "-" : "mfa", s.region ?? "-",
      s.cachedUntil.map { "\(max(0, $0.secondsSinceEpoch - now.secondsSinceEpoch) / 60)m" } ?? "-",
    ]
  }
}
