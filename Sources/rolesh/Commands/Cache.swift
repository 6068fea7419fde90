import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh cache list|clear`: the AWS CLI cache entries rolesh shares.
  struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show or delete cached role credentials (~/.aws/cli/cache).", subcommands: [ListEntries.self, Clear.self])

    struct ListEntries: ParsableCommand {
      static let configuration = CommandConfiguration(commandName: "list", abstract: "List cache entries and their expiry.")

      @Flag(help: "Print the list as JSON.")
      var json = false

      func run() throws {
        let environment = Environment.current()
        let listing = CacheListing(config: try ConfigLoader.load(environment), environment: environment)
        let now = Timestamp.now()
        if json {
          let entries: [JSON] = listing.entries.map { entry in
            .object([
              ("file", .string(entry.fileName)),
              ("profiles", .array(entry.profiles.map(JSON.string))),
              ("role_arn", .optional(entry.roleArn)),
              ("expires", .optional(entry.expires?.description)),
              ("remaining_seconds", entry.expires.map { .number(String($0.secondsSinceEpoch - now.secondsSinceEpoch)) } ?? .null),
              ("usable", .bool(entry.expires.map { $0.secondsSinceEpoch - now.secondsSinceEpoch >= 900 } ?? false)),
              ("problem", .optional(entry.problem)),
            ])
          }
          Terminal.printOutput(
            JSON.object([("directory", .string(listing.directory)), ("entries", .array(entries)), ("other_entries", .number(String(listing.unattributed)))])
              .serialized())
          return
        }
        var rows = [["PROFILES", "ROLE", "EXPIRES", "LEFT", "FILE"]]
        for entry in listing.entries {
          let left: String
          if let expires = entry.expires {
            let seconds = expires.secondsSinceEpoch - now.secondsSinceEpoch
            left = seconds <= 0 ? "expired" : seconds < 900 ? "\(seconds / 60)m (refresh)" : "\(seconds / 3600)h\(seconds % 3600 / 60)m"
          } else {
            left = entry.problem ?? "-"
          }
          rows.append([entry.profiles.joined(separator: ", "), entry.roleArn ?? "-", entry.expires?.description ?? "-", left, entry.fileName])
        }
        Terminal.printOutput(TextTable.render(rows))
        Terminal.printError("\(listing.entries.count) entries for these profiles, \(listing.unattributed) other entries in \(listing.directory)")
      }
    }

    struct Clear: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Delete all cache entries, or only those of PROFILE's chain.")

      @Argument(help: "Only the entries PROFILE's chain uses.")
      var profile: String?

      func run() throws {
        let environment = Environment.current()
        let directory = CacheInspection.directory(environment)
        var names: Set<String>?
        if let profile {
          let config = try ConfigLoader.load(environment)
          let plan = try ProfileResolver(config: config, environment: environment).resolve(.explicit(profile))
          names = Set(plan.steps.compactMap { $0.cacheKey?.fileName })
        }
        let removed = CacheListing.clear(directory: directory, fileNames: names)
        Terminal.printError("removed \(removed.count) cache \(removed.count == 1 ? "entry" : "entries") from \(directory)")
      }
    }
  }
}
