import Testing

@testable import rolesh
@testable import RoleshShell

/// The warm path parses `export` and `hook` arguments without ArgumentParser. Wherever the fast
/// parser accepts a command line, ArgumentParser must read it the same way; wherever it does
/// not, ArgumentParser gets it (help, errors, other options).
@Suite struct FastParserTests {
  static let exportForms: [[String]] = [
    ["export"], ["export", "dev"], ["export", "dev", "--format", "json"], ["export", "--format", "fish", "dev"],
    ["export", "--format", "process"], ["export", "it's $(x)", "--format", "zsh"], ["export", "--format", "env", "a b"],
    ["export", "dev", "--format", "bash"], ["export", "-"], ["export", "dev", "prod"], ["export", "--format"],
    ["export", "--format", "nushell"], ["export", "dev", "--mode", "profile"], ["export", "--help"], ["export", "--", "dev"],
    ["export", "dev", "--mfa-code", "123456"], ["export", "--format=json", "dev"], ["export", ""], ["exports", "dev"],
  ]

  @Test(arguments: exportForms)
  func exportAgreesWithArgumentParser(arguments: [String]) throws {
    guard let fast = ExportRequest.fastParse(arguments) else { return }
    let parsed = try RoleshCommand.parseAsRoot(arguments)
    let export = try #require(parsed as? RoleshCommand.Export, "ArgumentParser read \(arguments) as \(type(of: parsed))")
    #expect(export.profile == fast.profile)
    #expect(export.format == fast.format)
    #expect(export.mode == fast.mode)
    #expect(export.options.mfaCode == fast.mfaCode)
  }

  /// The forms the fast parser must take (the warm path), so the test above checks something.
  @Test func warmPathFormsAreTakenByTheFastParser() {
    for arguments in [["export", "dev"], ["export", "dev", "--format", "json"], ["export", "--format", "fish", "dev"]] {
      #expect(ExportRequest.fastParse(arguments) != nil)
    }
    #expect(HookRequest.fastParse(["hook", "bash"]) != nil)
  }

  @Test(arguments: [["hook", "bash"], ["hook", "zsh"], ["hook", "fish"], ["hook", "nushell"], ["hook"], ["hook", "bash", "x"]])
  func hookAgreesWithArgumentParser(arguments: [String]) throws {
    guard let fast = HookRequest.fastParse(arguments) else {
      #expect(throws: (any Error).self) { _ = try RoleshCommand.parseAsRoot(arguments) }
      return
    }
    let hook = try #require(try RoleshCommand.parseAsRoot(arguments) as? RoleshCommand.Hook)
    #expect(hook.shell.shell.name == fast.shell)
  }
}
