import RoleshCredentials
import RoleshShell
import RoleshSupport

/// Where a shell keeps a role named on the command line (`rolesh use --role-arn`):
/// `$XDG_STATE_HOME/rolesh/roles/<sha1>.json`, 0600 in a 0700 folder. The shell's state names
/// the file (`ROLESH_ROLE`), so the prompt hook can refresh the role and the external id never
/// sits in an exported variable. Identical settings share one file.
package enum OneOffRoleFiles {
  static func directory(_ environment: Environment) -> String { StatePaths.stateHome(environment) + "/rolesh/roles" }

  /// Writes the role's settings and returns the file's name.
  package static func save(_ role: OneOffRole, _ environment: Environment) throws -> String {
    let text = role.json.serialized()
    let name = Digest.hex(Digest.sha1(Array(text.utf8))) + ".json"
    let directory = directory(environment)
    let path = directory + "/" + name
    // The name is the content's hash: a file already there holds these settings.
    if FileSystem.readRegularFile(path, limit: 1 << 16) == Array(text.utf8) { return name }
    try FileSystem.makeDirectories(directory, mode: 0o700)
    try FileSystem.writeAtomically(Array(text.utf8), to: path, mode: 0o600)
    return name
  }

  /// The role a shell's state names; nil when the file is gone or not one of these.
  package static func load(_ name: String, _ environment: Environment) -> OneOffRole? {
    guard ShellState.isWatchableName(name), let bytes = FileSystem.readRegularFile(directory(environment) + "/" + name, limit: 1 << 16),
      let json = JSON.parse(bytes)
    else { return nil }
    return OneOffRole(json: json)
  }
}
