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
    ["export", "--role-arn", "1:A"], ["export", "--role-arn", "1:A", "--source", "dev", "--format", "json"],
    ["export", "--source-profile", "dev", "--role-arn", "1:A", "--session-name", "s", "--duration", "900", "--external-id", "x"],
    ["export", "--source", "dev"], ["export", "dev", "--role-arn", "1:A"], ["export", "--role-arn", "1:A", "--role-arn", "1:B"],
    ["export", "--role-arn", "1:A", "--source", "a", "--source-profile", "b"], ["export", "--role-arn", "-x"],
    ["export", "--role-arn"], ["export", "--role-arn", "1:A", "--duration"],
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
    #expect(export.role.arguments == fast.role)
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
    #expect(hook.shell.name == fast.shell)
  }

  static let otherForms: [[String]] = [
    ["explain"], ["explain", "dev"], ["explain", "dev", "--json"], ["explain", "--json", "dev"], ["explain", "--json", "--json"],
    ["explain", "a", "b"], ["explain", "--help"], ["explain", "--json=true"],
    ["status"], ["status", "--json"], ["status", "x"], ["status", "-h"],
    ["list"], ["list", "--long"], ["list", "--json", "--long"], ["list", "x"], ["list", "--wide"],
    ["whoami"], ["whoami", "dev"], ["whoami", "--json", "dev"], ["whoami", "dev", "--mfa-code", "123456"],
    ["use", "dev"], ["use", "dev", "--mode", "profile"], ["use", "--region", "eu-west-1", "dev"], ["use", "--auto"],
    ["use", "--auto", "dev"], ["use"], ["use", "dev", "--mode", "bogus"], ["use", "dev", "--region"], ["use", "--auto", "--mode", "keys"],
    ["use", "dev", "--mfa-code", "123456"], ["unset"], ["unset", "x"],
    ["use", "--role-arn", "1:A"], ["use", "--role-arn", "1:A", "--source", "dev", "--region", "eu-west-1"],
    ["use", "--session-name", "s", "--role-arn", "1:A", "--source-profile", "dev", "--duration", "900", "--external-id", "x"],
    ["use", "dev", "--role-arn", "1:A"], ["use", "--auto", "--role-arn", "1:A"], ["use", "--source", "dev"],
    ["use", "--role-arn", "1:A", "--mode", "profile"], ["use", "--role-arn", "1:A", "--source", "a", "--source-profile", "b"],
    ["use", "--role-arn"],
  ]

  /// Every form a fast parser takes, ArgumentParser reads the same way.
  @Test(arguments: otherForms)
  func otherCommandsAgreeWithArgumentParser(arguments: [String]) throws {
    guard FastPath.command(arguments) != nil else { return }
    let parsed = try RoleshCommand.parseAsRoot(arguments)
    switch arguments[0] {
    case "explain":
      let fast = try #require(ExplainRequest.fastParse(arguments))
      let command = try #require(parsed as? RoleshCommand.Explain)
      #expect(command.profile == fast.profile && command.json == fast.json)
    case "status":
      let fast = try #require(StatusRequest.fastParse(arguments))
      #expect(try #require(parsed as? RoleshCommand.Status).json == fast.json)
    case "list":
      let fast = try #require(ListRequest.fastParse(arguments))
      let command = try #require(parsed as? RoleshCommand.List)
      #expect(command.json == fast.json && command.long == fast.long)
    case "whoami":
      let fast = try #require(WhoamiRequest.fastParse(arguments))
      let command = try #require(parsed as? RoleshCommand.Whoami)
      #expect(command.profile == fast.profile && command.json == fast.json && command.options.mfaCode == fast.mfaCode)
    case "use":
      let fast = try #require(UseRequest.fastParse(arguments))
      let command = try #require(parsed as? RoleshCommand.Use)
      #expect(command.profile == fast.profile && command.mode == fast.mode && command.region == fast.region)
      #expect(command.auto == fast.auto && command.options.mfaCode == fast.mfaCode && command.role.arguments == fast.role)
    case "unset":
      #expect(parsed is RoleshCommand.Unset)
    default:
      Issue.record("no fast parser expected for \(arguments)")
    }
  }

  /// The everyday forms the fast path must take (so the test above checks something).
  @Test func everydayFormsTakeTheFastPath() {
    for arguments in [
      ["explain", "dev"], ["status"], ["list"], ["whoami", "dev"], ["use", "dev"], ["use", "--auto"], ["unset"],
      ["use", "--role-arn", "1:A", "--source", "dev"], ["export", "--role-arn", "1:A", "--source", "dev", "--format", "json"],
    ] {
      #expect(FastPath.command(arguments) != nil, "\(arguments)")
    }
    for arguments in [["use"], ["explain", "--help"], ["use", "dev", "--mfa-code", "123456"]] {
      #expect(FastPath.command(arguments) == nil, "\(arguments)")
    }
  }

  @Test(arguments: [
    ["eks", "token", "--cluster", "dev"], ["eks", "token", "--cluster", "dev", "prod"], ["eks", "token", "prod", "--cluster", "dev"],
    ["eks", "token", "--cluster", "dev", "--region", "eu-west-1", "--role-arn", "arn:aws:iam::1:role/x", "p"],
    ["eks", "token"], ["eks", "token", "--cluster"], ["eks", "token", "--cluster", "a", "b", "c"], ["eks", "token", "--cluster=dev"],
    ["eks", "kubeconfig", "--cluster", "dev"], ["eks", "token", "--cluster", "dev", "--help"],
  ])
  func eksTokenAgreesWithArgumentParser(arguments: [String]) throws {
    guard let fast = EKSTokenRequest.fastParse(arguments) else { return }
    let parsed = try RoleshCommand.parseAsRoot(arguments)
    let token = try #require(parsed as? RoleshCommand.EKSToken, "ArgumentParser read \(arguments) as \(type(of: parsed))")
    #expect(token.cluster == fast.cluster && token.profile == fast.profile && token.roleArn == fast.roleArn && token.region == fast.region)
    #expect(EKSTokenRequest.fastParse(["eks", "token", "--cluster", "dev"]) != nil)
  }
}
