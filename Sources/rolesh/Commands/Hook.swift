import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh hook SHELL`: machine-facing; the prompt hook runs it only when something changed.
  struct Hook: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Print the code the prompt hook evaluates (called by the shell integration).", shouldDisplay: false)

    @Argument(help: "The shell: \(ShellIntegration.shellNames.joined(separator: ", ")), or json for the operations as data.")
    var shell: DialectName

    func run() throws { try HookRequest(shell: shell.name).perform() }
  }
}

/// `rolesh hook SHELL` as plain values, so it runs without ArgumentParser (it is on the
/// `cd`-into-a-project path, budgeted like the warm path).
struct HookRequest {
  var shell: String

  static func fastParse(_ arguments: [String]) -> HookRequest? {
    guard arguments.count == 2, arguments[0] == "hook", ShellIntegration.isDialect(arguments[1]) else { return nil }
    return HookRequest(shell: arguments[1])
  }

  func perform() throws {
    let controller = try ShellController.hook(shell: shell, runtime: .live(mfa: .never, warn: Output.printError))
    let code = try controller.hook()
    if !code.isEmpty { Output.printOutput(code, terminator: "") }
  }
}
