import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh allow [PATH]`: trust a `.awsrole` (and the project plugins beside it).
  struct Allow: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Trust a .awsrole file (default: the nearest one).")

    @Argument(help: "A .awsrole file or a directory (default: the nearest .awsrole above the current directory).")
    var path: String?

    func run() throws {
      for line in try TrustCommands.allow(path, runtime: .live(mfa: .never, warn: Output.printError)) { Output.printError(line) }
    }
  }
}
