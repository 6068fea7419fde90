import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh cache clear [PROFILE]`.
  struct CacheClear: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "clear", abstract: "Delete all cache entries, or only those of PROFILE's chain.")

    @Argument(help: "Only the entries PROFILE's chain uses.", completion: .custom(completeProfiles))
    var profile: String?

    func run() throws {
      Output.printError(try CacheCommands.clear(profile: profile, runtime: .live(mfa: .never, warn: Output.printError)))
    }
  }
}
