import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh deny [PATH]`: never apply a `.awsrole`.
  struct Deny: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Block a .awsrole file (default: the nearest one).")

    @Argument(help: "A .awsrole file or a directory (default: the nearest .awsrole above the current directory).")
    var path: String?

    func run() throws {
      Output.printError(try TrustCommands.deny(path, runtime: .live(mfa: .never, warn: Output.printError)))
    }
  }
}
