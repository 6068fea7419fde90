import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh sso logout`.
  struct SSOLogout: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "logout", abstract: "Log out of every session: invalidate and delete cached tokens and their role credentials.")

    func run() throws {
      Output.printError(try SSOCommands.logout(runtime: .live(mfa: .never, warn: Output.printError)))
    }
  }
}
