import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh init bash|zsh|fish`: the shell integration, with completions.
  struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the shell integration: eval \"$(rolesh init bash)\" (zsh alike), rolesh init fish | source.")

    @Argument(help: "bash, zsh or fish.")
    var shell: ShellDialect

    @Flag(help: "Leave out tab completion.")
    var noCompletions = false

    func run() throws {
      StampFiles.prune(Environment.current())
      var script = ShellScripts.render(shell, binary: ShellScripts.currentExecutable())
      if !noCompletions {
        let kind: CompletionShell = shell == .bash ? .bash : shell == .zsh ? .zsh : .fish
        script += "\n# Tab completion (profile names come from ~/.aws/config).\n"
        var completions = RoleshCommand.completionScript(for: kind)
        if shell == .fish {
          // fish's generated completer runs `command rolesh`, which needs rolesh on PATH;
          // the integration knows the binary's absolute path.
          completions = completions.split(separator: "command $tokens[1]", omittingEmptySubsequences: false)
            .joined(separator: "$__rolesh_bin")
        }
        script += completions
      }
      Terminal.printOutput(script)
    }
  }

  /// `rolesh hook SHELL`: machine-facing; the prompt hook runs it only when something changed.
  struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the code the prompt hook evaluates (called by the shell integration).", shouldDisplay: false)

    @Argument(help: "bash, zsh or fish.")
    var shell: ShellDialect

    func run() throws { try HookRequest(dialect: shell).perform() }
  }
}

/// `rolesh hook SHELL` as plain values, so it runs without ArgumentParser (it is on the
/// `cd`-into-a-project path, budgeted like the warm path).
struct HookRequest {
  var dialect: ShellDialect

  static func fastParse(_ arguments: [String]) -> HookRequest? {
    guard arguments.count == 2, arguments[0] == "hook", let dialect = ShellDialect(rawValue: arguments[1]) else {
      return nil
    }
    return HookRequest(dialect: dialect)
  }

  func perform() throws {
    let controller = ShellController(
      dialect: dialect, environment: Environment.current(), mfa: NoPromptMFA(), say: Terminal.printError)
    let code = try controller.hook()
    if !code.isEmpty { Terminal.printOutput(code, terminator: "") }
  }
}
