import ArgumentParser
import RoleshConfig
import RoleshCredentials
import RoleshSupport

extension RoleshCommand {
  /// `rolesh list [--json]`: every profile with its kind, role, source, MFA serial and region.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List profiles from the AWS config and credentials files.")

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws {
      let environment = Environment.current()
      let config = try ConfigLoader.load(environment)
      let summaries = ProfileListing.summaries(
        config: config, resolver: ProfileResolver(config: config, environment: environment),
        cacheDirectory: CredentialCache.directory(environment), now: .now())
      if json {
        Terminal.printOutput(JSON.object([("profiles", .array(summaries.map(\.json)))]).serialized())
        return
      }
      let header = ["PROFILE", "KIND", "ACCOUNT", "ROLE", "SOURCE", "MFA", "REGION", "CACHED UNTIL"]
      let rows = summaries.map { s in
        [s.name, s.kind, s.account ?? "-", s.roleArn ?? s.ssoRoleName ?? "-", s.source ?? "-", s.mfaSerial ?? "-", s.region ?? "-",
         s.cachedUntil?.description ?? "-"]
      }
      Terminal.printText(TextTable.render([header] + rows))
    }
  }
}

/// Left-aligned columns separated by two spaces.
enum TextTable {
  static func render(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    var widths = Array(repeating: 0, count: first.count)
    for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
    return rows.map { row in
      row.enumerated().map { i, cell in
        i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count)
      }.joined(separator: "  ")
    }.joined(separator: "\n")
  }
}
