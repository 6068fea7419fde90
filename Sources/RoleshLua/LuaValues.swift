internal import CLua
import RoleshCredentials
import RoleshSupport

/// Moving values between Swift (as `JSON`) and the Lua stack. Both directions check the
/// stack has room before every push (Lua guarantees a C function only 20 slots) and stop at a
/// fixed depth, before pushing: a value nested 40 levels deep, or a table that contains itself,
/// is an error naming the plugin — never a write past the stack.
enum LuaValues {
  /// Deeper than any answer or document a plugin needs.
  static let maximumDepth = 32

  /// Pushes `value`; on failure pushes nothing and returns why.
  static func push(_ state: OpaquePointer?, _ value: JSON) -> String? {
    let top = rolesh_lua_gettop(state)
    if let problem = push(state, value, depth: 0) {
      rolesh_lua_settop(state, top)
      return problem
    }
    return nil
  }

  private static func push(_ state: OpaquePointer?, _ value: JSON, depth: Int) -> String? {
    guard depth <= maximumDepth else { return "a value nested more than \(maximumDepth) levels deep" }
    // The value itself, and for a table one member being built on top of it.
    guard rolesh_lua_checkstack(state, 3) != 0 else { return "the Lua stack is full" }
    switch value {
    case .null: rolesh_lua_pushnil(state)
    case .bool(let flag): rolesh_lua_pushboolean(state, flag ? 1 : 0)
    case .number(let text):
      if let integer = Int64(text) {
        rolesh_lua_pushinteger(state, integer)
      } else {
        rolesh_lua_pushnumber(state, Double(text) ?? 0)
      }
    case .string(let text): pushString(state, text)
    case .array(let items):
      rolesh_lua_newtable(state)
      for (index, item) in items.enumerated() {
        if let problem = push(state, item, depth: depth + 1) { return problem }
        rolesh_lua_rawseti(state, -2, Int64(index + 1))
      }
    case .object(let members):
      rolesh_lua_newtable(state)
      for (key, item) in members {
        if let problem = push(state, item, depth: depth + 1) { return problem }
        rolesh_lua_setfield(state, -2, key)
      }
    }
    return nil
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
    guard depth <= maximumDepth else {
      throw PluginError(plugin: plugin, message: "returned a table nested more than \(maximumDepth) levels deep (or one that contains itself)")
    }
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
      // lua_next pushes a key and a value; reading the value may push again one level down.
      guard rolesh_lua_checkstack(state, 4) != 0 else { throw PluginError(plugin: plugin, message: "the Lua stack is full") }
      var members: [(String, JSON)] = []
      var integerKeys: [(Int64, JSON)] = []
      rolesh_lua_pushnil(state)
      while rolesh_lua_next(state, absolute) != 0 {
        let value: JSON
        do {
          value = try read(state, -1, plugin: plugin, depth: depth + 1) ?? .null
        } catch {
          rolesh_lua_settop(state, absolute)
          throw error
        }
        let keyType = rolesh_lua_type(state, -2)
        if keyType == Int32(ROLESH_LUA_TNUMBER) && rolesh_lua_isinteger(state, -2) != 0 {
          integerKeys.append((rolesh_lua_tointeger(state, -2), value))
        } else if keyType == Int32(ROLESH_LUA_TSTRING) {
          members.append((string(state, -2) ?? "", value))
        } else {
          let type = String(cString: rolesh_lua_typename_at(state, -2))
          rolesh_lua_settop(state, absolute)
          throw PluginError(plugin: plugin, message: "returned a table with a \(type) key")
        }
        rolesh_lua_pop(state, 1)
      }
      if members.isEmpty && !integerKeys.isEmpty {
        let sorted = integerKeys.sorted { $0.0 < $1.0 }
        if sorted.enumerated().allSatisfy({ $0.offset + 1 == Int($0.element.0) }) { return .array(sorted.map(\.1)) }
      }
      return .object(members.sorted { $0.0 < $1.0 } + integerKeys.map { (String($0.0), $0.1) })
    default:
      throw PluginError(
        plugin: plugin, message: "returned a \(String(cString: rolesh_lua_typename_at(state, absolute))), which rolesh cannot use")
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
