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
/// into Lua is a protected call with a traceback handler and an instruction budget; the Swift
/// functions in the `rolesh` table never raise — they return `nil, message`. Not Sendable: one
/// thread at a time.
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
  /// VM instructions one hook call may run (a loop that never ends is stopped).
  package static let instructionBudget = 20_000_000

  /// Loads and runs the plugin file, which must return a table of hook functions.
  package init(
    path: String, source: [UInt8], environment: Environment, transport: @escaping () -> HTTPTransport,
    log: @escaping (String) -> Void
  ) throws {
    self.path = path
    self.environment = environment
    self.transport = transport
    self.log = log
    var message = [CChar](repeating: 0, count: 512)
    guard rolesh_lua_load(&message, message.count) == 0 else {
      throw PluginError(plugin: path, message: "cannot load Lua: \(String(nulTerminated: message)) (install liblua5.4-0)")
    }
    guard let state = rolesh_lua_new_sandbox() else {
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
    guard rolesh_lua_pcall(state, 0, 1, Self.instructionBudget) == 0 else {
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

  deinit { rolesh_lua_close(state) }

  /// Calls `hook(context)`; `nil` when the plugin does not define it or answers nil.
  package func call(_ hook: String, _ context: JSON) throws -> JSON? {
    guard hooks.contains(hook) else { return nil }
    rolesh_lua_settop(state, 1)
    rolesh_lua_rawgetfield(state, 1, hook)
    LuaValues.push(state, context)
    guard rolesh_lua_pcall(state, 1, 1, Self.instructionBudget) == 0 else {
      throw PluginError(plugin: path, message: "\(hook) failed: \(popMessage())")
    }
    defer { rolesh_lua_settop(state, 1) }
    return try LuaValues.read(state, -1, plugin: path)
  }

  private func popMessage() -> String {
    var length = 0
    let text = rolesh_lua_tolstring(state, -1, &length).map { String(decoding: UnsafeRawBufferPointer(start: $0, count: length), as: UTF8.self) }
    rolesh_lua_pop(state, 1)
    return text ?? "error"
  }

  // MARK: The `rolesh` table

  private func installAPI() {
    let context = Unmanaged.passUnretained(self).toOpaque()
    rolesh_lua_newtable(state)
    let functions: [(String, rolesh_lua_CFunction)] = [
      ("exec", LuaAPI.exec), ("prompt", LuaAPI.prompt), ("read_file", LuaAPI.readFile), ("getenv", LuaAPI.getenv),
      ("jwt_claims", LuaAPI.jwtClaims), ("http_get", LuaAPI.httpGet), ("log", LuaAPI.log), ("now", LuaAPI.now),
    ]
    for (name, function) in functions {
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

/// Moving values between Swift (as `JSON`) and the Lua stack.
enum LuaValues {
  static func push(_ state: OpaquePointer?, _ value: JSON) {
    switch value {
    case .null: rolesh_lua_pushnil(state)
    case .bool(let flag): rolesh_lua_pushboolean(state, flag ? 1 : 0)
    case .number(let text):
      if let integer = Int64(text) { rolesh_lua_pushinteger(state, integer) } else { rolesh_lua_pushnumber(state, Double(text) ?? 0) }
    case .string(let text): pushString(state, text)
    case .array(let items):
      rolesh_lua_newtable(state)
      for (index, item) in items.enumerated() {
        push(state, item)
        rolesh_lua_rawseti(state, -2, Int64(index + 1))
      }
    case .object(let members):
      rolesh_lua_newtable(state)
      for (key, item) in members {
        push(state, item)
        rolesh_lua_setfield(state, -2, key)
      }
    }
  }

  static func pushString(_ state: OpaquePointer?, _ text: String) {
    var text = text
    text.withUTF8 { bytes in
      bytes.withMemoryRebound(to: CChar.self) { rolesh_lua_pushlstring(state, $0.baseAddress, $0.count) }
    }
  }

  /// Reads the value at `index` without running metamethods (raw access only). Tables with
  /// keys 1…n become arrays, others objects. `nil` for Lua nil.
  static func read(_ state: OpaquePointer?, _ index: Int32, plugin: String, depth: Int = 0) throws -> JSON? {
    guard depth < 32 else { throw PluginError(plugin: plugin, message: "returned a table nested too deeply") }
    let absolute = index < 0 ? rolesh_lua_gettop(state) + index + 1 : index
    switch rolesh_lua_type(state, absolute) {
    case Int32(ROLESH_LUA_TNIL): return nil
    case Int32(ROLESH_LUA_TBOOLEAN): return .bool(rolesh_lua_toboolean(state, absolute) != 0)
    case Int32(ROLESH_LUA_TNUMBER):
      if rolesh_lua_isinteger(state, absolute) != 0 { return .number(String(rolesh_lua_tointeger(state, absolute))) }
      let number = rolesh_lua_tonumber(state, absolute)
      return .number(number.isFinite ? "\(number)" : "0")
    case Int32(ROLESH_LUA_TSTRING):
      return .string(string(state, absolute) ?? "")
    case Int32(ROLESH_LUA_TTABLE):
      var members: [(String, JSON)] = []
      var integerKeys: [(Int64, JSON)] = []
      rolesh_lua_pushnil(state)
      while rolesh_lua_next(state, absolute) != 0 {
        let value = try read(state, -1, plugin: plugin, depth: depth + 1) ?? .null
        let keyType = rolesh_lua_type(state, -2)
        if keyType == Int32(ROLESH_LUA_TNUMBER) && rolesh_lua_isinteger(state, -2) != 0 {
          integerKeys.append((rolesh_lua_tointeger(state, -2), value))
        } else if keyType == Int32(ROLESH_LUA_TSTRING) {
          members.append((string(state, -2) ?? "", value))
        } else {
          rolesh_lua_settop(state, absolute)
          throw PluginError(plugin: plugin, message: "returned a table with a \(String(cString: rolesh_lua_typename_at(state, -2))) key")
        }
        rolesh_lua_pop(state, 1)
      }
      if members.isEmpty && !integerKeys.isEmpty {
        let sorted = integerKeys.sorted { $0.0 < $1.0 }
        if sorted.enumerated().allSatisfy({ $0.offset + 1 == Int($0.element.0) }) { return .array(sorted.map(\.1)) }
      }
      return .object(members.sorted { $0.0 < $1.0 } + integerKeys.map { (String($0.0), $0.1) })
    default:
      throw PluginError(plugin: plugin, message: "returned a \(String(cString: rolesh_lua_typename_at(state, absolute))), which rolesh cannot use")
    }
  }

  /// The string at `index` (only real strings: numbers are not converted in place).
  static func string(_ state: OpaquePointer?, _ index: Int32) -> String? {
    guard rolesh_lua_type(state, index) == Int32(ROLESH_LUA_TSTRING) else { return nil }
    var length = 0
    guard let pointer = rolesh_lua_tolstring(state, index, &length) else { return nil }
    return String(decoding: UnsafeRawBufferPointer(start: pointer, count: length), as: UTF8.self)
  }
}

/// The functions of the `rolesh` table. Each returns its results, or `nil, message`; none
/// ever raises a Lua error (that would unwind through Swift).
enum LuaAPI {
  static func fail(_ state: OpaquePointer?, _ message: String) -> Int32 {
    rolesh_lua_pushnil(state)
    LuaValues.pushString(state, message)
    return 2
  }

  static func options(_ state: OpaquePointer?, _ runtime: LuaRuntime, at index: Int32) -> JSON? {
    guard rolesh_lua_type(state, index) == Int32(ROLESH_LUA_TTABLE) else { return nil }
    return try? LuaValues.read(state, index, plugin: runtime.path)
  }

  /// `rolesh.exec({argv...}, {timeout=, stdin=})` → `{status=, stdout=, stderr=}`; no shell.
  static let exec: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    guard let argv = try? LuaValues.read(state, 1, plugin: runtime.path), case .array(let items) = argv, !items.isEmpty,
      case let words = items.compactMap(\.stringValue), words.count == items.count
    else { return fail(state, "rolesh.exec needs a list of strings: {\"program\", \"arg\", ...}") }
    let options = options(state, runtime, at: 2)
    let timeout = options?["timeout"].flatMap { if case .number(let t) = $0 { return Double(t) } else { return nil } } ?? 10
    let input = options?["stdin"]?.stringValue.map { Array($0.utf8) }
    do {
      let result = try Subprocess.run(
        words, input: input.map(Subprocess.Input.bytes) ?? .inherit, timeout: timeout, environment: runtime.environment.variables)
      if result.timedOut { return fail(state, "\(words[0]) did not finish within \(timeout) s") }
      LuaValues.push(
        state,
        .object([
          ("status", .number(String(result.status))),
          ("stdout", .string(String(decoding: result.stdout, as: UTF8.self))),
          ("stderr", .string(String(decoding: result.stderr, as: UTF8.self))),
        ]))
      return 1
    } catch {
      return fail(state, "\(error)")
    }
  }

  /// `rolesh.prompt(text, {secret=true})` → the line typed on the terminal.
  static let prompt: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    guard let text = LuaValues.string(state, 1) else { return fail(state, "rolesh.prompt needs a string") }
    let secret = options(state, runtime, at: 2)?["secret"] == .bool(true)
    guard let fd = ControllingTerminal.open() else { return fail(state, "no terminal to ask on") }
    defer { close(fd) }
    guard let line = try? TerminalInput.readHidden(fd: fd, prompt: text, hidden: secret) else {
      return fail(state, "could not read from the terminal")
    }
    LuaValues.pushString(state, line)
    return 1
  }

  /// `rolesh.read_file(path)` → the file's contents.
  static let readFile: rolesh_lua_CFunction = { state in
    guard let path = LuaValues.string(state, 1) else { return fail(state, "rolesh.read_file needs a path") }
    guard let bytes = FileSystem.readRegularFile(path) else { return fail(state, "cannot read \(path)") }
    bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { rolesh_lua_pushlstring(state, $0.baseAddress, $0.count) }
    }
    return 1
  }

  /// `rolesh.getenv(name)` → the value, or nil.
  static let getenv: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    guard let name = LuaValues.string(state, 1), let value = runtime.environment[name] else {
      rolesh_lua_pushnil(state)
      return 1
    }
    LuaValues.pushString(state, value)
    return 1
  }

  /// `rolesh.jwt_claims(token)` → the payload as a table (not verified).
  static let jwtClaims: rolesh_lua_CFunction = { state in
    guard let token = LuaValues.string(state, 1), let claims = WebIdentityToken.claims(token) else {
      return fail(state, "not a JWT (header.payload.signature with a JSON payload)")
    }
    LuaValues.push(state, claims)
    return 1
  }

  /// `rolesh.http_get(url, {Header = "value"})` → `{status=, body=, headers=}`.
  static let httpGet: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    guard let url = LuaValues.string(state, 1) else { return fail(state, "rolesh.http_get needs a URL") }
    var headers: [(String, String)] = []
    if case .object(let members)? = options(state, runtime, at: 2) {
      for (name, value) in members { if let value = value.stringValue { headers.append((name, value)) } }
    }
    do {
      let response = try runtime.transport().send(
        HTTPRequest(method: "GET", url: url, headers: headers, connectTimeout: 5, totalTimeout: 15))
      LuaValues.push(
        state,
        .object([
          ("status", .number(String(response.status))), ("body", .string(response.text)),
          ("headers", .object(response.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]))
      return 1
    } catch {
      return fail(state, "\(error)")
    }
  }

  /// `rolesh.log(message)` → a line on stderr naming the plugin.
  static let log: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    let name = runtime.path.split(separator: "/").last.map(String.init) ?? runtime.path
    runtime.log("rolesh: plugin \(name): \(LuaValues.string(state, 1) ?? "")")
    return 0
  }

  /// `rolesh.now()` → seconds since the epoch.
  static let now: rolesh_lua_CFunction = { state in
    rolesh_lua_pushinteger(state, Int64(Timestamp.now().secondsSinceEpoch))
    return 1
  }

  static let jsonEncode: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    do {
      let value = try LuaValues.read(state, 1, plugin: runtime.path) ?? .null
      LuaValues.pushString(state, value.serialized())
      return 1
    } catch {
      return fail(state, "\(error)")
    }
  }

  static let jsonDecode: rolesh_lua_CFunction = { state in
    guard let text = LuaValues.string(state, 1), let value = JSON.parse(text) else {
      return fail(state, "not valid JSON")
    }
    LuaValues.push(state, value)
    return 1
  }
}
