import RoleshShell
import RoleshSupport

/// `rolesh init SHELL` and the calling shell of the state-changing commands: what a shell is
/// given, and how rolesh knows which shell is asking.
package enum ShellIntegration {
  /// The shells rolesh integrates with, by name.
  package static var shellNames: [String] { Shells.names }

  /// Each shell's setup line, for help text: `bash: eval "$(rolesh init bash)"; …`.
  package static var setupLines: String { Shells.all.map { "\($0.name): \($0.setupLine)" }.joined(separator: "; ") }

  /// Whether `name` is one of them.
  package static func isShell(_ name: String) -> Bool { Shells.named(name) != nil }

  /// Whether `name` is a rendering `rolesh hook` and `ROLESH_SHELL` take: a shell, or `json`.
  package static func isDialect(_ name: String) -> Bool { Shells.dialect(named: name) != nil }

  /// The integration script for `shell` with the running binary's absolute path, and the
  /// completion script appended when `completions` (ArgumentParser's, for that shell) is
  /// given. Stamp files of long-gone shells are pruned on the way.
  package static func initScript(shell name: String, completions: String?, environment: Environment) throws -> String {
    let shell = try named(name)
    StampFiles.prune(environment)
    var script = shell.initScript(binary: ShellScripts.currentExecutable())
    if let completions {
      script += "\n# Tab completion (profile names come from ~/.aws/config).\n"
      script += shell.completionScript(generated: completions)
    }
    return script
  }

  /// The completion script alone, as packages install it where each shell looks.
  package static func completionFile(shell name: String, generated: String) throws -> String {
    try named(name).completionFile(generated: generated)
  }

  /// The shell whose function is running rolesh (the integration sets `ROLESH_SHELL`), or an
  /// error that says how to load the integration.
  package static func callingShell(for command: String, environment: Environment) throws -> any ShellDialect {
    guard let name = environment.nonEmpty("ROLESH_SHELL"), let shell = Shells.dialect(named: name) else {
      throw GeneralError(
        "`rolesh \(command)` changes this shell's environment, so it runs through the shell function: add your shell's line to its startup file (\(setupLines))",
        status: .configuration)
    }
    return shell
  }

  static func dialect(_ name: String) throws -> any ShellDialect {
    guard let dialect = Shells.dialect(named: name) else {
      throw GeneralError("unknown shell \(name): rolesh renders for \(Shells.dialects.map(\.name).joined(separator: ", "))", status: .usage)
    }
    return dialect
  }

  static func named(_ name: String) throws -> any Shell {
    guard let shell = Shells.named(name) else {
      throw GeneralError("unknown shell \(name): rolesh integrates with \(Shells.names.joined(separator: ", "))", status: .usage)
    }
    return shell
  }
}
