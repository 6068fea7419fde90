/// Turns "this is what the shell should have" into code, from the shell's current environment
/// and rolesh's state. Applying saves what the user had; removing restores it, but only for
/// variables that still hold what rolesh set (a user who changed `AWS_REGION` keeps it).
package struct ShellTransition {
  package var dialect: ShellDialect
  /// The shell's environment as rolesh was started with it.
  package var environment: Environment
  package private(set) var state: ShellState
  private var lines: [String] = []

  package init(dialect: ShellDialect, environment: Environment) {
    self.dialect = dialect
    self.environment = environment
    self.state = ShellState(environment)
  }

  /// Credential and profile variables rolesh may set or must remove.
  static let credentialVariables = CredentialEnvironment.cleared
  static let regionVariables = ["AWS_REGION", "AWS_DEFAULT_REGION"]

  /// Whether `name` still holds what rolesh left in it.
  private func isStillOurs(_ name: String) -> Bool {
    guard let fingerprint = state.managed[name] else { return false }
    let current = environment[name]
    if fingerprint == "-" { return current == nil }
    return current.map(ShellState.fingerprint) == fingerprint
  }

  /// Before rolesh changes `name`: keep the user's value (if rolesh did not put it there).
  private mutating func preserve(_ name: String) {
    if isStillOurs(name) { return }
    if environment[name] != nil {
      lines.append(dialect.save(name))
      state.saved.insert(name)
    } else if state.saved.contains(name) {
      // The user removed it after rolesh saved an older value: that removal is their choice.
      lines.append(dialect.forget(name))
      state.saved.remove(name)
    }
  }

  private mutating func set(_ name: String, _ value: String) {
    preserve(name)
    lines.append(dialect.export(name, value))
    state.managed[name] = ShellState.fingerprint(value)
  }

  private mutating func remove(_ name: String) {
    guard environment[name] != nil || state.managed[name] != nil else { return }
    preserve(name)
    if environment[name] != nil { lines.append(dialect.unset(name)) }
    state.managed[name] = "-"
  }

  /// Gives a variable back to the user: their saved value, or nothing if they had none.
  private mutating func giveBack(_ name: String) {
    if isStillOurs(name) {
      if state.saved.contains(name) {
        lines.append(dialect.restore(name))
      } else if environment[name] != nil {
        lines.append(dialect.unset(name))
      }
    } else if state.saved.contains(name) {
      lines.append(dialect.forget(name))
    }
    state.saved.remove(name)
    state.managed[name] = nil
  }

  /// Applies `variables` (what the new identity sets), removing the credential and profile
  /// variables it does not set, and handing back anything else rolesh set before (region,
  /// plugin variables) that the new identity does not set.
  package mutating func apply(_ variables: [(String, String)]) {
    let names = Set(variables.map(\.0))
    for (name, value) in variables { set(name, value) }
    for name in Self.credentialVariables where !names.contains(name) { remove(name) }
    let previous = Set(state.managed.keys).union(Self.regionVariables)
    for name in previous.sorted() where !names.contains(name) && !Self.credentialVariables.contains(name) {
      giveBack(name)
    }
  }

  /// Removes everything rolesh applied, restoring the user's values where nobody touched them.
  package mutating func removeAll() {
    for name in state.managed.keys.sorted() { giveBack(name) }
    for name in state.saved.sorted() { lines.append(dialect.forget(name)) }
    state.saved = []
    state.managed = [:]
  }

  /// Replaces the state with `new` (keeping what this transition recorded about variables).
  package mutating func setState(_ update: (inout ShellState) -> Void) {
    update(&state)
  }

  /// The code to evaluate: variable changes, then the state variables.
  package func code() -> String {
    var out = lines
    let before = ShellState(environment).encoded
    for ((name, value), (_, old)) in zip(state.encoded, before) {
      if let value {
        if value != old { out.append(dialect.export(name, value)) }
      } else if old != nil {
        out.append(dialect.unset(name))
      }
    }
    return out.joined(separator: "\n") + (out.isEmpty ? "" : "\n")
  }
}
