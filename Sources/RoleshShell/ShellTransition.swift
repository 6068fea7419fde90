import RoleshSupport

/// Turns "this is what the shell should have" into a list of `ShellOperation`s, from the
/// shell's current environment and rolesh's state. Applying saves what the user had; removing
/// restores it, but only for variables that still hold what rolesh set (a user who changed
/// `AWS_REGION` keeps it). Each shell renders the list; nothing here knows a shell's syntax.
package struct ShellTransition {
  /// The shell's environment as rolesh was started with it.
  package var environment: Environment
  package private(set) var state: ShellState
  /// The operations so far, state variables not included (see `operations`).
  package private(set) var changes: [ShellOperation] = []

  package init(environment: Environment) {
    self.environment = environment
    self.state = ShellState(environment)
  }

  /// Credential and profile variables rolesh may set or must remove.
  package static let credentialVariables = CredentialVariables.cleared
  package static let regionVariables = ["AWS_REGION", "AWS_DEFAULT_REGION"]

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
      changes.append(.save(name))
      state.saved.insert(name)
    } else if state.saved.contains(name) {
      // The user removed it after rolesh saved an older value: that removal is their choice.
      changes.append(.forget(name))
      state.saved.remove(name)
    }
  }

  private mutating func set(_ name: String, _ value: String) {
    preserve(name)
    changes.append(.set(name, value))
    state.managed[name] = ShellState.fingerprint(value)
  }

  private mutating func remove(_ name: String) {
    guard environment[name] != nil || state.managed[name] != nil else { return }
    preserve(name)
    if environment[name] != nil { changes.append(.unset(name)) }
    state.managed[name] = "-"
  }

  /// Gives a variable back to the user: their saved value, or nothing if they had none.
  private mutating func giveBack(_ name: String) {
    if isStillOurs(name) {
      if state.saved.contains(name) {
        changes.append(.restore(name))
      } else if environment[name] != nil {
        changes.append(.unset(name))
      }
    } else if state.saved.contains(name) {
      changes.append(.forget(name))
    }
    state.saved.remove(name)
    state.managed[name] = nil
  }

  /// Applies `variables` (what the new identity sets), removing the credential and profile
  /// variables it does not set, and handing back anything else rolesh set before (region,
  /// plugin variables) that the new identity does not set.
  ///
  /// Every name and value is checked first: a NUL cannot live in a shell variable (the shell
  /// would cut the value, half-applying an identity), so such a value fails the whole
  /// transition and nothing is changed.
  package mutating func apply(_ variables: [(String, String)]) throws {
    for (name, value) in variables {
      guard VariableName.isValid(name) else { throw ShellValueError(name: name, problem: "is not a valid variable name") }
      guard !value.utf8.contains(0) else { throw ShellValueError(name: name, problem: "contains a NUL byte") }
    }
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
    for name in state.saved.sorted() { changes.append(.forget(name)) }
    state.saved = []
    state.managed = [:]
  }

  /// Tells the person at the terminal something when the change is applied.
  package mutating func say(_ text: String) {
    changes.append(.message(TerminalText.sanitized(text)))
  }

  /// Replaces the state with `new` (keeping what this transition recorded about variables).
  package mutating func setState(_ update: (inout ShellState) -> Void) {
    update(&state)
  }

  /// Every operation: variable changes and messages, then the state variables that changed.
  package var operations: [ShellOperation] {
    var out = changes
    let before = ShellState(environment).encoded
    let after = state.encoded
    // An index loop rather than `zip`: each new generic type costs a run-time conformance
    // lookup, and this runs on every prompt hook that changes something.
    for index in after.indices {
      let (name, value) = after[index]
      let old = before[index].1
      if let value {
        if value != old { out.append(.set(name, value)) }
      } else if old != nil {
        out.append(.unset(name))
      }
    }
    return out
  }

  /// The code for `shell`.
  package func code(for shell: any ShellDialect) -> String { shell.render(operations) }
}

/// A value that cannot be given to a shell.
package struct ShellValueError: RoleshError, Equatable, Sendable {
  package var name: String
  package var problem: String

  package init(name: String, problem: String) {
    self.name = name
    self.problem = problem
  }

  package var exitStatus: ExitStatus { .failure }
  package var message: String { "the value for \(name) \(problem); nothing was changed" }
}

