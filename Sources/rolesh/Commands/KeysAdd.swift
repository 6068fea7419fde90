import ArgumentParser
import RoleEngine
import RoleshSupport

extension RoleshCommand {
  /// `rolesh keys add PROFILE [--env]`.
  struct KeysAdd: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "add",
      abstract: "Store a profile's access key (asked on the terminal, secret hidden) and point the profile at it.")

    @Argument(help: "The profile the key belongs to.", completion: .custom(completeProfiles))
    var profile: String

    @Flag(help: "Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking.")
    var env = false

    func run() throws {
      let runtime = Runtime.live(mfa: .never, warn: Output.printError)
      let key = env ? try KeysCommands.keysFromEnvironment(runtime) : try TerminalQuestions.accessKey()
      for line in try KeysCommands.add(profile, key: key, runtime: runtime) { Output.printError(line) }
    }
  }
}
