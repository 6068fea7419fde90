import RoleshShell
import RoleshSupport

/// `rolesh allow [PATH]` and `rolesh deny [PATH]`: trust or block a `.awsrole` (and the project
/// plugins beside it), recorded under the canonical path the hook also uses.
package enum TrustCommands {
  /// Trusts the file; the lines to tell the person (the file, then each plugin the trust
  /// covers: project plugins can run programs).
  package static func allow(_ argument: String?, runtime: Runtime) throws -> [String] {
    let file = try AWSRolePath.resolve(argument, environment: runtime.environment)
    // The file must be one rolesh can apply: a malformed one is an error now, not at `cd`.
    _ = try AWSRoleFile.load(file)
    let plugins = try TrustStore(environment: runtime.environment).allow(path: file)
    return ["rolesh: trusted \(file)"] + plugins.map { "rolesh: trusted plugin \($0)" }
  }

  /// Blocks the file; the line to tell the person.
  package static func deny(_ argument: String?, runtime: Runtime) throws -> String {
    let file = try AWSRolePath.resolve(argument, environment: runtime.environment)
    try TrustStore(environment: runtime.environment).deny(path: file)
    return "rolesh: denied \(file)"
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
