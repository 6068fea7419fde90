import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh status`: what this shell has.
  struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show this shell's profile, account, role, region, mode, source, expiry and what is pending.")

    @Flag(help: "Print the status as JSON.")
    var json = false

    func run() throws { try StatusRequest(json: json).perform() }
  }
}

/// `rolesh status` as plain values.
struct StatusRequest {
  var json = false

  static func fastParse(_ arguments: [String]) -> StatusRequest? {
    guard arguments.first == "status", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--json"], options: []),
      plain.positional == nil
    else { return nil }
    return StatusRequest(json: plain.flags.contains("--json"))
  }

  func perform() throws {
    let report = StatusReport.make(runtime: .live(mfa: .never, warn: Output.printError))
    if json { Output.printOutput(report.json.serialized()) } else { Output.printText(report.text) }
  }
}
