import ArgumentParser
import RoleEngine
import RoleshSupport

extension RoleshCommand {
  /// `rolesh init SHELL`: the shell integration, with completions.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the shell integration; load it with " + ShellIntegration.setupLines + ".")

    @Argument(help: "The shell: \(ShellIntegration.shellNames.joined(separator: ", ")).")
    var shell: ShellName

    @Flag(help: "Leave out tab completion.")
    var noCompletions = false

    /// The completion script alone, as packages install it where each shell looks.
    @Flag(help: .hidden)
    var completionsOnly = false

    func run() throws {
      let generated = CompletionShell(rawValue: shell.name).map(RoleshCommand.completionScript(for:))
      if completionsOnly, let generated {
        Output.printOutput(try ShellIntegration.completionFile(shell: shell.name, generated: generated))
        return
      }
      Output.printOutput(
        try ShellIntegration.initScript(
          shell: shell.name, completions: noCompletions ? nil : generated, environment: Environment.current()))
    }
  }
}
