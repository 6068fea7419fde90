import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshShell
import RoleshSupport

extension RoleshCommand {
  /// `rolesh init SHELL`: the shell integration, with completions.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the shell integration: eval \"$(rolesh init bash)\" (zsh alike), rolesh init fish | source.")

    @Argument(help: "The shell: \(Shells.names.joined(separator: ", ")).")
    var shell: ShellName

    @Flag(help: "Leave out tab completion.")
    var noCompletions = false

    /// The completion script alone, as packages install it where each shell looks.
    @Flag(help: .hidden)
    var completionsOnly = false

    func run() throws {
      if completionsOnly, let kind = CompletionShell(rawValue: shell.shell.name) {
        let generated = RoleshCommand.completionScript(for: kind)
        // bash needs rolesh's literal-candidate helper; zsh and fish files are loaded as they are.
        Terminal.printOutput(shell.shell.name == "bash" ? shell.shell.completionScript(generated: generated) : generated)
        return
      }
      StampFiles.prune(Environment.current())
      var script = shell.shell.initScript(binary: ShellScripts.currentExecutable())
      if !noCompletions, let kind = CompletionShell(rawValue: shell.shell.name) {
        script += "\n# Tab completion (profile names come from ~/.aws/config).\n"
        script += shell.shell.completionScript(generated: RoleshCommand.completionScript(for: kind))
      }
      Terminal.printOutput(script)
    }
  }

  /// `rolesh hook SHELL`: machine-facing; the prompt hook runs it only when something changed.
  struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the code the prompt hook evaluates (called by the shell integration).", shouldDisplay: false)

    @Argument(help: "The shell: \(Shells.names.joined(separator: ", ")).")
    var shell: ShellName

    func run() throws { try HookRequest(shell: shell.shell.name).perform() }
  }
}

/// `rolesh hook SHELL` as plain values, so it runs without ArgumentParser (it is on the
/// `cd`-into-a-project path, budgeted like the warm path).
struct HookRequest {
  /// The shell's name (a plain value: this runs before anything else on every `export`).
  var shell: String

  static func fastParse(_ arguments: [String]) -> HookRequest? {
    guard arguments.count == 2, arguments[0] == "hook", Shells.named(arguments[1]) != nil else { return nil }
    return HookRequest(shell: arguments[1])
  }

  func perform() throws {
    guard let shell = Shells.named(shell) else { throw GeneralError("unknown shell \(shell)", status: .usage) }
    let controller = ShellController(
      shell: shell, environment: Environment.current(), mfa: NoPromptMFA(), caller: .promptHook, warn: Terminal.printError)
    let code = try controller.hook()
    if !code.isEmpty { Terminal.printOutput(code, terminator: "") }
  }
}
