import ArgumentParser
import RoleEngine

extension ShellDialect: ExpressibleByArgument {}
extension ShellMode: ExpressibleByArgument {}

/// The shell a state-changing command writes code for: the shell function sets ROLESH_SHELL.
enum ShellContext {
  /// The calling shell, or a usage error saying how to load the integration.
  static func dialect(for command: String) throws -> ShellDialect {
    guard let name = Environment.current().nonEmpty("ROLESH_SHELL"), let dialect = ShellDialect(rawValue: name) else {
      throw ValidationError(
        "`rolesh \(command)` changes this shell's environment, so it runs through the shell function: add eval \"$(rolesh init bash)\" (or zsh; fish: rolesh init fish | source) to your shell's startup file")
    }
    return dialect
  }
}

/// Profile names for shell completion, read from the config (never the network).
func completeProfiles(_ arguments: [String], _ index: Int, _ prefix: String) -> [String] {
  ((try? ConfigLoader.load(Environment.current()).profileOrder) ?? []).filter { $0.hasPrefix(prefix) }
}
