import ArgumentParser
import RoleEngine
import RoleshSupport

extension ShellMode: ExpressibleByArgument {}

/// A shell named on the command line (`rolesh init bash`).
struct ShellName: ExpressibleByArgument {
  var name: String

  init?(argument: String) {
    guard ShellIntegration.isShell(argument) else { return nil }
    name = argument
  }

  static var allValueStrings: [String] { ShellIntegration.shellNames }
}

/// A rendering named on the command line (`rolesh hook json`): a shell, or `json`.
struct DialectName: ExpressibleByArgument {
  var name: String

  init?(argument: String) {
    guard ShellIntegration.isDialect(argument) else { return nil }
    name = argument
  }

  static var allValueStrings: [String] { ShellIntegration.shellNames + ["json"] }
}

extension ExportFormat: ExpressibleByArgument {
  package init?(argument: String) { self.init(name: argument) }
  package static var allValueStrings: [String] { ExportFormat.names }
  package var defaultValueDescription: String { "env" }
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
  ProfileCompletion.regions(prefix: prefix)
}
