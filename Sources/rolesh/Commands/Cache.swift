import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh cache list|clear`: the AWS CLI cache entries rolesh shares.
  struct Cache: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show or delete cached role credentials (~/.aws/cli/cache).", subcommands: [CacheList.self, CacheClear.self])
  }
}
