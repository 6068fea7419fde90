import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh allow [PATH]`: trust a `.awsrole` (and the project plugins beside it).
  struct Allow: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Trust a .awsrole file (default: the nearest one).")

    @Argument(help: "A .awsrole file or a directory (default: the nearest .awsrole above the current directory).")
    var path: String?

    func run() throws {
      let environment = Environment.current()
      let file = try AWSRolePath.resolve(path, environment: environment)
      try TrustStore(environment: environment).allow(path: file)
      Terminal.printError("rolesh: trusted \(file)")
    }
  }

  /// `rolesh deny [PATH]`: never apply a `.awsrole`.
  struct Deny: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Block a .awsrole file (default: the nearest one).")

    @Argument(help: "A .awsrole file or a directory (default: the nearest .awsrole above the current directory).")
    var path: String?

    func run() throws {
      let environment = Environment.current()
      let file = try AWSRolePath.resolve(path, environment: environment)
      try TrustStore(environment: environment).deny(path: file)
      Terminal.printError("rolesh: denied \(file)")
    }
  }
}

/// Where `allow` / `deny` point: an explicit file or directory, else the nearest `.awsrole`.
enum AWSRolePath {
  static func resolve(_ argument: String?, environment: Environment) throws -> String {
    let cwd = environment.workingDirectory
    guard let argument else {
      guard let found = AWSRoleFile.find(from: cwd) else {
        throw ValidationError("no .awsrole in \(cwd) or above it")
      }
      return found
    }
    var absolute = argument.hasPrefix("/") ? argument : (cwd == "/" ? "" : cwd) + "/" + argument
    while absolute.count > 1 && absolute.hasSuffix("/") { absolute.removeLast() }
    if !absolute.hasSuffix("/.awsrole") && !FileSystem.isRegularFile(absolute) { absolute += "/.awsrole" }
    guard FileSystem.isRegularFile(absolute) else { throw ValidationError("no .awsrole at \(absolute)") }
    return absolute
  }
}
