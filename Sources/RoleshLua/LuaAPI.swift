internal import CLua
import RoleshAWS
import RoleshCredentials
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// The functions of the `rolesh` table. Each returns its results, or `nil, message`; none
/// ever raises a Lua error (that would unwind through Swift). Whatever comes from outside
/// (program output, HTTP bodies, files, JSON) is size-capped and depth-checked before it is
/// pushed.
enum LuaAPI {
  static let functions: [(String, rolesh_lua_CFunction)] = [
    ("exec", exec), ("prompt", prompt), ("read_file", readFile), ("getenv", getenv), ("jwt_claims", jwtClaims),
    ("http_get", httpGet), ("log", log), ("now", now),
  ]

  /// Output, bodies and files larger than this are refused.
  static let dataLimit = 1 << 20

  static func fail(_ state: OpaquePointer?, _ message: String) -> Int32 {
    rolesh_lua_pushnil(state)
    LuaValues.pushString(state, message)
    return 2
  }

  /// Pushes `value` as the one result, or fails with why it could not be.
  static func answer(_ state: OpaquePointer?, _ value: JSON) -> Int32 {
    if let problem = LuaValues.push(state, value) { return fail(state, problem) }
    return 1
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
    var timeout = 10.0
    if let value = options?["timeout"] {
      guard case .number(let text) = value, let seconds = Double(text), seconds.isFinite, seconds > 0, seconds <= 3600 else {
        return fail(state, "rolesh.exec: timeout must be a number of seconds from 0 to 3600")
      }
      timeout = seconds
    }
    let input = options?["stdin"]?.stringValue.map { Array($0.utf8) }
    runtime.pauseWatchdog()
    defer { runtime.resumeWatchdog() }
    do {
      let result = try Subprocess.run(
        words, input: input.map(Subprocess.Input.bytes) ?? .inherit, timeout: timeout, environment: runtime.environment.variables,
        outputLimit: dataLimit)
      if result.timedOut { return fail(state, "\(words[0]) did not finish within \(timeout) s") }
      if result.overflowed { return fail(state, "\(words[0]) printed more than \(dataLimit) bytes") }
      return answer(
        state,
        .object([
          ("status", .number(String(result.status))),
          ("stdout", .string(String(decoding: result.stdout, as: UTF8.self))),
          ("stderr", .string(String(decoding: result.stderr, as: UTF8.self))),
        ]))
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
    runtime.pauseWatchdog()
    defer { runtime.resumeWatchdog() }
    guard let line = try? TerminalInput.readHidden(fd: fd, prompt: text, hidden: secret) else {
      return fail(state, "could not read from the terminal")
    }
    LuaValues.pushString(state, line)
    return 1
  }

  /// `rolesh.read_file(path)` → the file's contents (a regular file of at most 1 MiB; a FIFO
  /// or device is refused without blocking).
  static let readFile: rolesh_lua_CFunction = { state in
    guard let path = LuaValues.string(state, 1) else { return fail(state, "rolesh.read_file needs a path") }
    let result = FileSystem.read(path, limit: dataLimit)
    guard case .contents(let bytes) = result else { return fail(state, result.problem(path) ?? "cannot read \(path)") }
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
    guard let token = LuaValues.string(state, 1), token.utf8.count <= dataLimit, let claims = WebIdentityToken.claims(token) else {
      return fail(state, "not a JWT (header.payload.signature with a JSON payload)")
    }
    return answer(state, claims)
  }

  /// `rolesh.http_get(url, {Header = "value"})` → `{status=, body=, headers=}`.
  static let httpGet: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    guard let url = LuaValues.string(state, 1) else { return fail(state, "rolesh.http_get needs a URL") }
    var headers: [(String, String)] = []
    if case .object(let members)? = options(state, runtime, at: 2) {
      for (name, value) in members { if let value = value.stringValue { headers.append((name, value)) } }
    }
    runtime.pauseWatchdog()
    defer { runtime.resumeWatchdog() }
    do {
      let response = try runtime.transport().send(
        HTTPRequest(method: "GET", url: url, headers: headers, connectTimeout: 5, totalTimeout: 15, responseLimit: dataLimit))
      return answer(
        state,
        .object([
          ("status", .number(String(response.status))), ("body", .string(response.text)),
          ("headers", .object(response.headers.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ]))
    } catch {
      return fail(state, "\(error)")
    }
  }

  /// `rolesh.log(message)` → a line on stderr naming the plugin (control characters escaped).
  static let log: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    let name = runtime.path.split(separator: "/").last.map(String.init) ?? runtime.path
    runtime.log("rolesh: plugin \(name): \(LuaValues.string(state, 1).map { String($0.prefix(4096)) } ?? "")")
    return 0
  }

  /// `rolesh.now()` → seconds since the epoch.
  static let now: rolesh_lua_CFunction = { state in
    rolesh_lua_pushinteger(state, Int64(Timestamp.now().secondsSinceEpoch))
    return 1
  }

  /// `rolesh.json.encode(value)` → text; a cyclic or too deeply nested table is an error.
  static let jsonEncode: rolesh_lua_CFunction = { state in
    let runtime = LuaRuntime.from(state)
    do {
      let value = try LuaValues.read(state, 1, plugin: runtime.path) ?? .null
      LuaValues.pushString(state, value.serialized())
      return 1
    } catch let error as PluginError {
      return fail(state, error.detail)
    } catch {
      return fail(state, "\(error)")
    }
  }

  /// `rolesh.json.decode(text)` → a value (for untrusted text: size and depth are checked).
  static let jsonDecode: rolesh_lua_CFunction = { state in
    guard let text = LuaValues.string(state, 1) else { return fail(state, "rolesh.json.decode needs a string") }
    guard text.utf8.count <= dataLimit else { return fail(state, "the JSON text is larger than \(dataLimit) bytes") }
    guard let value = JSON.parse(text) else { return fail(state, "not valid JSON (or nested too deeply)") }
    return answer(state, value)
  }
}
