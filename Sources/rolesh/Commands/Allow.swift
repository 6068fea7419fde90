import ArgumentParser
import RoleshShell
import RoleshSupport

extension RoleshCommand {
  /// `rolesh allow [PATH]`: trust a `.awsrole` (and the project plugins beside it).
  struct Allow: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Trust a .awsrole file (default: the nearest one).")

    @Argument(help: "A .awsrole file or a directory (default: the nearest .awsrole above the current directory).")
    var path: String?

    func run() throws {
      let environment = Environment.current()
      let file = try AWSRolePath.resolve(path, environment: environment)
      // The file must be one rolesh can apply: a malformed one is an error now, not at `cd`.
      _ = try AWSRoleFile.load(file)
      let plugins = try TrustStore(environment: environment).allow(path: file)
      Terminal.printError("rolesh: trusted \(file)")
      // Project plugins can run programs: say which ones this trust covers.
      for plugin in plugins { Terminal.printError("rolesh: trusted plugin \(plugin)") }
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

/// Where `allow` / `deny` point: an explicit file or directory (any spelling: relative, with
/// `..`, doubled slashes or symlinks — trust is recorded under the canonical path the hook
/// also uses), else the nearest `.awsrole`.
enum AWSRolePath {
  static func resolve(_ argument: String?, environment: Environment) throws -> String {
    let cwd = environment.workingDirectory
    guard let argument else {
      guard let found = AWSRoleFile.find(from: cwd) else {
        throw GeneralError("no .awsrole in \(cwd) or above it; give a path: rolesh allow PATH")
      }
      return found
    }
    let absolute = argument.hasPrefix("/") ? argument : (cwd == "/" ? "" : cwd) + "/" + argument
    if FileSystem.isDirectory(absolute), let directory = FileSystem.canonicalPath(absolute) {
      let file = (directory == "/" ? "" : directory) + "/.awsrole"
      if FileSystem.exists(file) && !FileSystem.isDirectory(file) { return file }
    } else if let canonical = TrustStore.canonical(absolute), canonical.hasSuffix("/.awsrole"), FileSystem.exists(canonical) {
      return canonical
    }
    throw GeneralError("no .awsrole at \(argument) (looked for \(absolute) and \(absolute)/.awsrole)")
  }
}
