import RoleshTestSupport
import Testing

@testable import RoleshShell
@testable import RoleshSupport

/// A model of a shell that runs `ShellOperation`s: exported variables, and the shell-local
/// copies `save` makes. The real shells are tested against the same operations elsewhere;
/// this model lets the transition rules be tested as a table and fuzzed quickly.
struct ModelShell {
  var exported: [String: String] = [:]
  var locals: [String: String] = [:]
  var messages: [String] = []

  mutating func run(_ operations: [ShellOperation]) {
    for operation in operations {
      switch operation {
      case .set(let name, let value): exported[name] = value
      case .unset(let name): exported[name] = nil
      case .save(let name): locals[name] = exported[name] ?? ""
      case .restore(let name):
        exported[name] = locals[name] ?? ""
        locals[name] = nil
      case .forget(let name): locals[name] = nil
      case .message(let text): messages.append(text)
      }
    }
  }

  var environment: Environment { Environment(exported) }
}

/// The transition rules as a table: what is saved, set, restored or left alone.
@Suite struct ShellTransitionTests {
  static let keys = [
    ("AWS_ACCESS_KEY_ID", "ASIAONE"), ("AWS_SECRET_ACCESS_KEY", "secret-one"), ("AWS_SESSION_TOKEN", "token-one"),
    ("AWS_REGION", "us-east-1"), ("AWS_DEFAULT_REGION", "us-east-1"),
  ]

  func apply(_ shell: inout ModelShell, _ variables: [(String, String)], profile: String = "dev") throws {
    var transition = ShellTransition(environment: shell.environment)
    try transition.apply(variables)
    transition.setState {
      $0.profile = profile
      $0.origin = .pin
    }
    shell.run(transition.operations)
  }

  func removeAll(_ shell: inout ModelShell) {
    var transition = ShellTransition(environment: shell.environment)
    transition.removeAll()
    transition.setState { $0 = ShellState() }
    shell.run(transition.operations)
  }

  @Test func applyingSavesWhatTheUserHadAndRemovesTheirProfile() throws {
    var shell = ModelShell(exported: ["AWS_REGION": "mine", "AWS_PROFILE": "theirs", "HOME": "/h"])
    var transition = ShellTransition(environment: shell.environment)
    try transition.apply(Self.keys)
    #expect(
      transition.changes == [
        .set("AWS_ACCESS_KEY_ID", "ASIAONE"), .set("AWS_SECRET_ACCESS_KEY", "secret-one"),
        .set("AWS_SESSION_TOKEN", "token-one"), .save("AWS_REGION"), .set("AWS_REGION", "us-east-1"),
        .set("AWS_DEFAULT_REGION", "us-east-1"), .save("AWS_PROFILE"), .unset("AWS_PROFILE"),
      ])
    shell.run(transition.operations)
    #expect(shell.exported["AWS_PROFILE"] == nil)
    #expect(shell.locals == ["AWS_REGION": "mine", "AWS_PROFILE": "theirs"])
    // The state holds names and fingerprints, never a value.
    let state = shell.exported.filter { $0.key.hasPrefix("ROLESH_") }.values.joined(separator: " ")
    #expect(!state.contains("secret-one") && !state.contains("token-one"))
  }

  @Test func removingRestoresExactlyWhatTheUserHad() throws {
    let before = ["AWS_REGION": "mine", "AWS_PROFILE": "theirs", "HOME": "/h"]
    var shell = ModelShell(exported: before)
    try apply(&shell, Self.keys)
    removeAll(&shell)
    #expect(shell.exported == before)
    #expect(shell.locals.isEmpty)
  }

  @Test func aValueTheUserChangedIsKept() throws {
    var shell = ModelShell(exported: ["AWS_REGION": "mine"])
    try apply(&shell, Self.keys)
    shell.exported["AWS_REGION"] = "handmade"
    removeAll(&shell)
    #expect(shell.exported["AWS_REGION"] == "handmade")
    #expect(shell.exported["AWS_ACCESS_KEY_ID"] == nil)
    #expect(shell.locals.isEmpty)
  }

  @Test func switchingKeepsTheFirstSavedValue() throws {
    var shell = ModelShell(exported: ["AWS_REGION": "mine"])
    try apply(&shell, Self.keys)
    try apply(&shell, [("AWS_PROFILE", "prod"), ("AWS_REGION", "eu-west-1")], profile: "prod")
    #expect(shell.exported["AWS_ACCESS_KEY_ID"] == nil)
    #expect(shell.exported["AWS_DEFAULT_REGION"] == nil)
    #expect(shell.locals["AWS_REGION"] == "mine")
    removeAll(&shell)
    #expect(shell.exported["AWS_REGION"] == "mine")
    #expect(shell.exported["AWS_PROFILE"] == nil)
  }

  @Test func pendingStateRemovesTheOldIdentity() throws {
    var shell = ModelShell(exported: ["AWS_REGION": "mine"])
    try apply(&shell, Self.keys)
    var transition = ShellTransition(environment: shell.environment)
    transition.removeAll()
    transition.setState {
      $0 = ShellState()
      $0.pending = "mfa"
      $0.origin = .awsrole
    }
    transition.say("needs an MFA code")
    shell.run(transition.operations)
    #expect(shell.exported["AWS_ACCESS_KEY_ID"] == nil && shell.exported["AWS_REGION"] == "mine")
    #expect(shell.exported["ROLESH_PENDING"] == "mfa" && shell.exported["ROLESH_PROFILE"] == nil)
    #expect(shell.messages == ["needs an MFA code"])
  }

  @Test func nulAndBadNamesAreRefusedAndNothingIsEmitted() {
    for variables in [[("AWS_ACCESS_KEY_ID", "ASIA\u{0}X")], [("BAD NAME", "x")], [("1X", "x")]] {
      var transition = ShellTransition(environment: Environment([:]))
      #expect(throws: ShellValueError.self) { try transition.apply(variables) }
      #expect(transition.changes.isEmpty)
    }
  }

  @Test func craftedStateNamesAreIgnored() {
    let environment = Environment([
      "ROLESH_MANAGED": "AWS_REGION=abc x;rm=1 $(touch)=2", "ROLESH_SAVED": "AWS_REGION a;b `x`",
    ])
    let state = ShellState(environment)
    #expect(Array(state.managed.keys) == ["AWS_REGION"])
    #expect(state.saved == ["AWS_REGION"])
  }

  /// Random switches, user edits and removals: whatever the order, removing everything gives
  /// the user back every variable they set and did not change since, and leaves no copy behind.
  /// What `ROLESH_MANAGED` records for `name`: a fingerprint, `-` (rolesh removed it), or nil.
  static func managedMark(_ shell: ModelShell, _ name: String) -> String? {
    for pair in (shell.exported["ROLESH_MANAGED"] ?? "").split(separator: " ") where pair.hasPrefix(name + "=") {
      return String(pair.dropFirst(name.count + 1))
    }
    return nil
  }

  @Test func randomSequencesAlwaysRestore() throws {
    var rng = SeededRandom()
    let names = ["AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "EXTRA_VAR"]
    for round in 0..<400 {
      var shell = ModelShell()
      for name in names where Bool.random(using: &rng) { shell.exported[name] = "user-\(name)" }
      // What the user's variables should be once rolesh gives everything back.
      var userTouched: [String: String?] = [:]
      for name in names { userTouched[name] = shell.exported[name] }
      for _ in 0..<Int.random(in: 1...6, using: &rng) {
        switch Int.random(in: 0...3, using: &rng) {
        case 0, 1:
          var variables: [(String, String)] = []
          for name in names where Bool.random(using: &rng) { variables.append((name, "rolesh-\(Int.random(in: 0...9, using: &rng))")) }
          try apply(&shell, variables)
        case 2:
          // A person sets a variable, or unsets one that is there (unsetting an absent one
          // changes nothing a shell could notice).
          let name = names.randomElement(using: &rng)!
          let value: String? = Bool.random(using: &rng) ? "edit-\(round)" : nil
          if value == nil && shell.exported[name] == nil { continue }
          shell.exported[name] = value
          userTouched[name] = .some(value)
          // Unsetting a variable rolesh had removed (and the user set since) leaves the shell
          // exactly as rolesh's own removal did: no prompt hook can tell them apart without a
          // process, so the value saved before rolesh came back is what rolesh gives back.
          if value == nil, let saved = shell.locals[name], Self.managedMark(shell, name) == "-" {
            userTouched[name] = .some(saved)
          }
        default:
          removeAll(&shell)
          for name in names { #expect(shell.exported[name] == userTouched[name] ?? nil, "round \(round) \(name); \(rng.replay)") }
        }
      }
      removeAll(&shell)
      #expect(shell.locals.isEmpty, "round \(round); \(rng.replay)")
      for (name, value) in userTouched {
        #expect(shell.exported[name] == value ?? nil, "round \(round) \(name); \(rng.replay)")
      }
      #expect(shell.exported.keys.allSatisfy { !$0.hasPrefix("ROLESH_") }, "round \(round); \(rng.replay)")
    }
  }
}
