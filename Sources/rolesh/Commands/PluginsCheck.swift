import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh plugins check`: fails when any plugin cannot be used.
  struct PluginsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check", abstract: "Load every plugin; fail if any cannot be used.")

    func run() throws {
      let report = PluginsReport.make(runtime: .live(mfa: .never, warn: Output.printError))
      for line in report.lines { Output.printText(line.text) }
      if report.hasErrors { throw ExitCode.failure }
      Output.printError("rolesh: \(report.lines.count) plugin\(report.lines.count == 1 ? "" : "s") OK")
    }
  }
}
