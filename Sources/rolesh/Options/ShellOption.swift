import RoleshAWS
import ArgumentParser
import RoleEngine
import RoleshConfig
import RoleshShell
import RoleshSupport

extension ShellMode: ExpressibleByArgument {}

/// A shell named on the command line (`rolesh init bash`).
struct ShellName: ExpressibleByArgument {
  var shell: any Shell

  init?(argument: String) {
    guard let shell = Shells.named(argument) else { return nil }
    self.shell = shell
  }

  static var allValueStrings: [String] { Shells.names }
}

/// The shell a state-changing command writes code for: the shell function sets ROLESH_SHELL.
enum ShellContext {
  /// The calling shell, or an error saying how to load the integration.
  static func shell(for command: String) throws -> any Shell {
    guard let name = Environment.current().nonEmpty("ROLESH_SHELL"), let shell = Shells.named(name) else {
      throw GeneralError(
        "`rolesh \(command)` changes this shell's environment, so it runs through the shell function: add eval \"$(rolesh init bash)\" (or zsh; fish: rolesh init fish | source) to your shell's startup file",
        status: .configuration)
    }
    return shell
  }
}

/// Profile names for shell completion, read from the config (never the network): every one
/// (`explain` is how a broken profile is diagnosed).
func completeProfiles(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  ProfileCompletion.names(prefix: prefix, environment: Environment.current(), filter: .all)
}

/// Profiles that can give credentials: those whose chain plans (no network).
func completeUsableProfiles(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  ProfileCompletion.names(prefix: prefix, environment: Environment.current(), filter: .usable)
}

/// IAM Identity Center profiles (for `sso login`).
func completeSSOProfiles(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  ProfileCompletion.names(prefix: prefix, environment: Environment.current(), filter: .sso)
}

/// `[sso-session NAME]` names.
func completeSSOSessions(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  ProfileCompletion.ssoSessions(prefix: prefix, environment: Environment.current())
}

/// Region names botocore knows.
func completeRegions(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  Partition.knownRegions.filter { $0.hasPrefix(prefix) }
}
