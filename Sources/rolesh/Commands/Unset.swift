import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh unset`: remove what rolesh set, restoring the user's earlier values.
  struct Unset: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Remove what rolesh set, restoring values you had before (where still unchanged).")

    func run() throws { try UnsetRequest().perform() }
  }
}

/// `rolesh unset` as plain values.
struct UnsetRequest {
  static func fastParse(_ arguments: [String]) -> UnsetRequest? { arguments == ["unset"] ? UnsetRequest() : nil }

  func perform() throws {
    let controller = try ShellController.forCallingShell("unset", runtime: .live(mfa: .never, warn: Output.printError))
    Output.printOutput(controller.unset(), terminator: "")
  }
}
