import ArgumentParser
import RoleshConfig
import RoleshCredentials
import RoleshSupport

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
            let expires = entry.state.expiration
            var problem: String?
            if case .unreadable(let reason) = entry.state { problem = reason }
            return .object([
              ("file", .string(entry.fileName)),
              ("profiles", .array(entry.profiles.map(JSON.string))),
              ("role_arn", .optional(entry.subject)),
              ("expires", .optional(expires?.description)),
              ("remaining_seconds", expires.map { .number(String($0.seconds(after: now))) } ?? .null),
              ("usable", .bool(entry.state.isUsable(at: now))),
              ("problem", .optional(problem)),
            ])
          }
          Terminal.printOutput(
            JSON.object([
              ("directory", .string(listing.directory)), ("entries", .array(entries)),
              ("other_entries", .number(String(listing.unattributed))),
            ]).serialized())
          return
        }
        var rows = [["PROFILES", "ROLE", "EXPIRES", "LEFT", "FILE"]]
        for entry in listing.entries {
          let left: String
          switch entry.state {
          case .present(let cached):
            let seconds = cached.expiration.seconds(after: now)
            left = seconds <= 0
              ? "expired" : seconds < CredentialCache.expiryWindow ? "\(seconds / 60)m (refresh)" : "\(seconds / 3600)h\(seconds % 3600 / 60)m"
          case .unreadable(let reason): left = reason
          case .missing: left = "-"
          }
          rows.append([
            entry.profiles.joined(separator: ", "), entry.subject ?? "-", entry.state.expiration?.description ?? "-", left,
            entry.fileName,
          ])
        }
        Terminal.printText(TextTable.render(rows))
        Terminal.printError(
          "\(listing.entries.count) entries for these profiles, \(listing.unattributed) other entries in \(listing.directory)")
      }
    }

    struct Clear: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Delete all cache entries, or only those of PROFILE's chain.")

      @Argument(help: "Only the entries PROFILE's chain uses.", completion: .custom(completeProfiles))
      var profile: String?

      func run() throws {
        let environment = Environment.current()
        let cache = CredentialCache(environment: environment, warn: Terminal.printError)
        var names: Set<String>?
        if let profile {
          let config = try ConfigLoader.load(environment)
          let plan = try ProfileResolver(config: config, environment: environment).resolve(.explicit(profile))
          names = Set(plan.cacheKeys.map(\.fileName))
        }
        let removed = cache.clear(names)
        Terminal.printError("removed \(removed.count) cache \(removed.count == 1 ? "entry" : "entries") from \(cache.directory)")
      }
    }
  }
}
