internal import CLua
import RoleshAWS
import RoleshCredentials
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// One plugin file in its own sandboxed Lua state.
///
/// The state owns only the safe libraries (see `clua.h`) plus the `rolesh` table. Every entry
/// into Lua is a protected call with a traceback handler, and three limits a plugin cannot
/// lift: an instruction budget (raising on every instruction once spent, so `pcall` cannot
/// swallow it), a memory cap (the state's allocator refuses past it), and a wall-clock
/// watchdog that ends the process for time spent where the budget cannot see — a pattern
/// match backtracking inside C, a finalizer at close. The Swift functions in the `rolesh` table
/// never raise — they return `nil, message`. Not Sendable: one thread at a time.
package final class LuaRuntime {
  /// The plugin file, for messages.
  package let path: String
  /// Hooks the plugin's table defines.
  package private(set) var hooks: Set<String> = []
  /// The environment `rolesh.getenv` reads and `rolesh.exec` passes on.
  let environment: Environment
  /// People-text (`rolesh.log`).
  let log: (String) -> Void
  /// Makes the transport `rolesh.http_get` uses (the composition root decides which).
  let transport: () -> HTTPTransport
  private let state: OpaquePointer
  /// Seconds of Lua a hook call may take (`ROLESH_PLUGIN_TIMEOUT`), not counting the time the
  /// `rolesh` functions spend waiting on programs, the network or a person.
  let timeLimit: Double
  /// The watchdog's remaining time while a `rolesh` function has it paused.
  private var pausedRemaining: Double?
  private var deadline: Double = 0

  /// VM instructions one hook call may run (a loop that never ends is stopped).
  package static let instructionBudget = 20_000_000
  /// Bytes one plugin's state may allocate.
  package static let memoryLimit = 128 << 20

  /// Loads and runs the plugin file, which must return a table of hook functions.
  package init(
    path: String, source: [UInt8], environment: Environment, transport: @escaping () -> HTTPTransport,
    log: @escaping (String) -> Void
  ) throws {
    self.path = path
    self.environment = environment
    self.transport = transport
    self.log = log
    timeLimit = try environment.seconds("ROLESH_PLUGIN_TIMEOUT", default: 5, within: 0.1...600)
    var message = [CChar](repeating: 0, count: 512)
    let library = environment.nonEmpty("ROLESH_LIBLUA")
    guard rolesh_lua_load(library, &message, message.count) == 0 else {
      throw PluginError(plugin: path, message: LibraryHint.lua(path: library, reason: String(nulTerminated: message)))
    }
    guard let state = rolesh_lua_new_sandbox(Self.memoryLimit) else {
      throw PluginError(plugin: path, message: "cannot create a Lua state (out of memory)")
    }
    self.state = state
    installAPI()
    let status = source.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { chars in
        rolesh_lua_load_text(state, chars.baseAddress, chars.count, "@" + path)
      }
    }
    guard status == 0 else { throw PluginError(plugin: path, message: popMessage()) }
    guard protectedCall(arguments: 0, what: "loading") == 0 else {
      throw PluginError(plugin: path, message: popMessage())
    }
    guard rolesh_lua_type(state, -1) == Int32(ROLESH_LUA_TTABLE) else {
      let type = String(cString: rolesh_lua_typename_at(state, -1))
      throw PluginError(plugin: path, message: "must return a table of hooks, not a \(type)")
    }
    // The hook table stays at stack index 1 for the state's lifetime.
    rolesh_lua_settop(state, 1)
    for hook in HookPoint.allCases {
      rolesh_lua_rawgetfield(state, 1, hook.rawValue)
      let type = rolesh_lua_type(state, -1)
      rolesh_lua_pop(state, 1)
      if type == Int32(ROLESH_LUA_TFUNCTION) {
        hooks.insert(hook.rawValue)
      } else if type != Int32(ROLESH_LUA_TNIL) {
        throw PluginError(plugin: path, message: "\(hook.rawValue) must be a function")
      }
    }
  }

  deinit {
    // Finalizers run at close: under the budget, and under the watchdog.
    armWatchdog(for: timeLimit, what: "closing")
    rolesh_lua_close(state, Self.instructionBudget)
    rolesh_lua_watchdog_disarm()
  }

  /// Calls `hook(context)`; `nil` when the plugin does not define it or answers nil.
  package func call(_ hook: String, _ context: JSON) throws -> JSON? {
    guard hooks.contains(hook) else { return nil }
    rolesh_lua_settop(state, 1)
    rolesh_lua_rawgetfield(state, 1, hook)
    if let problem = LuaValues.push(state, context) {
      rolesh_lua_settop(state, 1)
      throw PluginError(plugin: path, message: "cannot pass the context to \(hook): \(problem)")
    }
    guard protectedCall(arguments: 1, what: hook) == 0 else {
      throw PluginError(plugin: path, message: "\(hook) failed: \(popMessage())")
    }
    defer { rolesh_lua_settop(state, 1) }
    return try LuaValues.read(state, -1, plugin: path)
  }

  /// `rolesh_lua_pcall` with the watchdog armed for the call.
  private func protectedCall(arguments: Int32, what: String) -> Int32 {
    armWatchdog(for: timeLimit, what: what)
    defer { rolesh_lua_watchdog_disarm() }
    return rolesh_lua_pcall(state, arguments, 1, Self.instructionBudget)
  }

  private func armWatchdog(for seconds: Double, what: String) {
    deadline = MonotonicClock.seconds() + seconds
    let message = TerminalText.sanitized(
      "rolesh: error: plugin \(path) ran longer than \(Self.format(timeLimit)) s (\(what)) and was stopped: an endless loop or a runaway pattern match? (ROLESH_PLUGIN_TIMEOUT sets the limit)")
    rolesh_lua_watchdog_arm(seconds, message)
  }

  /// Stops the watchdog while a `rolesh` function waits on something with its own limit (a
  /// program, the network, a person at the terminal).
  func pauseWatchdog() {
    pausedRemaining = max(0.001, deadline - MonotonicClock.seconds())
    rolesh_lua_watchdog_disarm()
  }

  /// Starts it again with the time that was left.
  func resumeWatchdog() {
    guard let remaining = pausedRemaining else { return }
    pausedRemaining = nil
    armWatchdog(for: remaining, what: "a hook")
  }

  private static func format(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(value)
  }

  private func popMessage() -> String {
    var length = 0
    let text = rolesh_lua_tolstring(state, -1, &length).map {
      String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self)
    }
    rolesh_lua_pop(state, 1)
    return text ?? "error"
  }

  // MARK: The `rolesh` table

  private func installAPI() {
    let context = Unmanaged.passUnretained(self).toOpaque()
    rolesh_lua_newtable(state)
    for (name, function) in LuaAPI.functions {
      rolesh_lua_pushfunction(state, function, context)
      rolesh_lua_setfield(state, -2, name)
    }
    rolesh_lua_newtable(state)
    rolesh_lua_pushfunction(state, LuaAPI.jsonEncode, context)
    rolesh_lua_setfield(state, -2, "encode")
    rolesh_lua_pushfunction(state, LuaAPI.jsonDecode, context)
    rolesh_lua_setfield(state, -2, "decode")
    rolesh_lua_setfield(state, -2, "json")
    rolesh_lua_setglobal(state, "rolesh")
  }

  static func from(_ state: OpaquePointer?) -> LuaRuntime {
    Unmanaged<LuaRuntime>.fromOpaque(rolesh_lua_context(state)!).takeUnretainedValue()
  }
}
