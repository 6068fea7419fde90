// rolesh's wall around Lua 5.4.
//
// liblua5.4 is opened with dlopen the first time a plugin is loaded: a machine with no plugin
// never maps it (the warm path stays as fast as without Lua). Swift cannot call Lua's many
// function-like macros or its variadic functions, so this header offers plain functions with
// rolesh_lua_ names; each is a one-liner over a pointer resolved by rolesh_lua_load. Only
// Plugins/LuaRuntime.swift imports this module.
//
// Error discipline: Lua raises errors with longjmp, which must never cross a Swift frame.
// Swift enters Lua only through rolesh_lua_pcall (a protected call with a traceback handler),
// and Swift functions called from Lua report failure by returning `nil, message`, never by
// raising. The instruction-budget hook, which must raise, is written in C here.
#ifndef ROLESH_CLUA_H
#define ROLESH_CLUA_H

#include <stddef.h>
#include <stdint.h>

typedef struct lua_State lua_State;
typedef int (*rolesh_lua_CFunction)(lua_State *L);

enum {
  ROLESH_LUA_TNIL = 0,
  ROLESH_LUA_TBOOLEAN = 1,
  ROLESH_LUA_TLIGHTUSERDATA = 2,
  ROLESH_LUA_TNUMBER = 3,
  ROLESH_LUA_TSTRING = 4,
  ROLESH_LUA_TTABLE = 5,
  ROLESH_LUA_TFUNCTION = 6,
};

/// Opens liblua5.4 and resolves the API. 0 on success; else -1 with `error` filled in.
// `path`: a library file to open instead of the sonames liblua5.4.so.0 / liblua5.4.so (NULL for them).
int rolesh_lua_load(const char *path, char *error, size_t error_length);

/// A new state with only the sandbox's libraries: base (without dofile, loadfile, load and
/// print), string (without string.dump), table, math, utf8, and os reduced to time, date,
/// clock and getenv. Its allocations are capped at `memory_limit` bytes: past it, allocations
/// fail and Lua raises "not enough memory".
lua_State *rolesh_lua_new_sandbox(size_t memory_limit);
/// Closes the state with the instruction budget armed, so a finalizer (`__gc`) that loops is
/// stopped like any other code.
void rolesh_lua_close(lua_State *L, long instructions);
/// lua_checkstack: room for `n` more values, or 0.
int rolesh_lua_checkstack(lua_State *L, int n);

/// The watchdog: a thread that ends the process with `message` on stderr (and exit status 1)
/// when armed for longer than `seconds`. Lua cannot catch it, and it also stops what the
/// instruction budget cannot see: time spent inside C library functions (a pattern match
/// that backtracks for hours) and finalizers. Re-arming replaces the deadline.
void rolesh_lua_watchdog_arm(double seconds, const char *message);
void rolesh_lua_watchdog_disarm(void);

/// Loads a text chunk (binary chunks are refused) and leaves the function on the stack.
/// Returns 0, or an error code with the message on the stack.
int rolesh_lua_load_text(lua_State *L, const char *code, size_t length, const char *chunkname);

/// Calls the function below `nargs` arguments, protected, with a traceback on error, and a
/// budget of `instructions` VM instructions. Once the budget is spent, every following
/// instruction raises again, so `pcall` or a message handler in the plugin cannot keep it
/// running. Returns 0, or an error code with the message (and traceback) on the stack.
int rolesh_lua_pcall(lua_State *L, int nargs, int nresults, long instructions);

// Stack and values (the Lua C API, as functions).
int rolesh_lua_gettop(lua_State *L);
void rolesh_lua_settop(lua_State *L, int index);
void rolesh_lua_pop(lua_State *L, int n);
void rolesh_lua_pushvalue(lua_State *L, int index);
int rolesh_lua_type(lua_State *L, int index);
const char *rolesh_lua_typename_at(lua_State *L, int index);
void rolesh_lua_pushnil(lua_State *L);
void rolesh_lua_pushboolean(lua_State *L, int value);
void rolesh_lua_pushinteger(lua_State *L, int64_t value);
void rolesh_lua_pushnumber(lua_State *L, double value);
void rolesh_lua_pushlstring(lua_State *L, const char *bytes, size_t length);
void rolesh_lua_pushlightuserdata(lua_State *L, void *pointer);
/// A C closure with one light-userdata upvalue (the owning Swift object).
void rolesh_lua_pushfunction(lua_State *L, rolesh_lua_CFunction function, void *context);
void *rolesh_lua_context(lua_State *L);
void rolesh_lua_newtable(lua_State *L);
void rolesh_lua_setfield(lua_State *L, int index, const char *key);
void rolesh_lua_rawgetfield(lua_State *L, int index, const char *key);
void rolesh_lua_rawgeti(lua_State *L, int index, int64_t n);
void rolesh_lua_rawseti(lua_State *L, int index, int64_t n);
int rolesh_lua_next(lua_State *L, int index);
size_t rolesh_lua_rawlen(lua_State *L, int index);
const char *rolesh_lua_tolstring(lua_State *L, int index, size_t *length);
int rolesh_lua_isinteger(lua_State *L, int index);
int64_t rolesh_lua_tointeger(lua_State *L, int index);
double rolesh_lua_tonumber(lua_State *L, int index);
int rolesh_lua_toboolean(lua_State *L, int index);
void rolesh_lua_setglobal(lua_State *L, const char *name);
void rolesh_lua_getglobal(lua_State *L, const char *name);

#endif
