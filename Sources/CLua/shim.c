#include "clua.h"

#include <dlfcn.h>
#include <errno.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct {
  int loaded;
  lua_State *(*newstate)(lua_Alloc, void *);
  lua_CFunction (*atpanic)(lua_State *, lua_CFunction);
  lua_Alloc (*getallocf)(lua_State *, void **);
  int (*checkstack)(lua_State *, int);
  void (*close)(lua_State *);
  void (*requiref)(lua_State *, const char *, lua_CFunction, int);
  int (*loadbufferx)(lua_State *, const char *, size_t, const char *, const char *);
  int (*pcallk)(lua_State *, int, int, int, lua_KContext, lua_KFunction);
  void (*traceback)(lua_State *, lua_State *, const char *, int);
  int (*error)(lua_State *);
  void (*sethook)(lua_State *, lua_Hook, int, int);
  int (*getinfo)(lua_State *, const char *, lua_Debug *);
  int (*gettop)(lua_State *);
  void (*settop)(lua_State *, int);
  void (*pushvalue)(lua_State *, int);
  void (*rotate)(lua_State *, int, int);
  int (*type)(lua_State *, int);
  const char *(*typename_)(lua_State *, int);
  void (*pushnil)(lua_State *);
  void (*pushboolean)(lua_State *, int);
  void (*pushinteger)(lua_State *, lua_Integer);
  void (*pushnumber)(lua_State *, lua_Number);
  const char *(*pushlstring)(lua_State *, const char *, size_t);
  const char *(*pushstring)(lua_State *, const char *);
  void (*pushlightuserdata)(lua_State *, void *);
  void (*pushcclosure)(lua_State *, lua_CFunction, int);
  void *(*touserdata)(lua_State *, int);
  void (*createtable)(lua_State *, int, int);
  void (*setfield)(lua_State *, int, const char *);
  int (*rawget)(lua_State *, int);
  int (*rawgeti)(lua_State *, int, lua_Integer);
  void (*rawseti)(lua_State *, int, lua_Integer);
  int (*next)(lua_State *, int);
  lua_Unsigned (*rawlen)(lua_State *, int);
  const char *(*tolstring)(lua_State *, int, size_t *);
  int (*isinteger)(lua_State *, int);
  lua_Integer (*tointegerx)(lua_State *, int, int *);
  lua_Number (*tonumberx)(lua_State *, int, int *);
  int (*toboolean)(lua_State *, int);
  void (*setglobal)(lua_State *, const char *);
  int (*getglobal)(lua_State *, const char *);
  int (*open_base)(lua_State *);
  int (*open_string)(lua_State *);
  int (*open_table)(lua_State *);
  int (*open_math)(lua_State *);
  int (*open_utf8)(lua_State *);
  int (*open_os)(lua_State *);
} lua;

static pthread_mutex_t load_lock = PTHREAD_MUTEX_INITIALIZER;

#define RESOLVE(field, symbol)                                        \
  do {                                                                \
    *(void **)(&lua.field) = dlsym(library, symbol);                  \
    if (lua.field == NULL) {                                          \
      snprintf(error, error_length, "liblua5.4 lacks %s", symbol);    \
      pthread_mutex_unlock(&load_lock);                               \
      return -1;                                                      \
    }                                                                 \
  } while (0)

int rolesh_lua_load(const char *path, char *error, size_t error_length) {
  pthread_mutex_lock(&load_lock);
  if (lua.loaded) {
    pthread_mutex_unlock(&load_lock);
    return 0;
  }
  void *library = dlopen(path ? path : "liblua5.4.so.0", RTLD_LAZY | RTLD_LOCAL);
  if (library == NULL && path == NULL) library = dlopen("liblua5.4.so", RTLD_LAZY | RTLD_LOCAL);
  if (library == NULL) {
    const char *reason = dlerror();
    snprintf(error, error_length, "%s", reason ? reason : "liblua5.4 could not be opened");
    pthread_mutex_unlock(&load_lock);
    return -1;
  }
  RESOLVE(newstate, "lua_newstate");
  RESOLVE(atpanic, "lua_atpanic");
  RESOLVE(getallocf, "lua_getallocf");
  RESOLVE(checkstack, "lua_checkstack");
  RESOLVE(close, "lua_close");
  RESOLVE(requiref, "luaL_requiref");
  RESOLVE(loadbufferx, "luaL_loadbufferx");
  RESOLVE(pcallk, "lua_pcallk");
  RESOLVE(traceback, "luaL_traceback");
  RESOLVE(error, "lua_error");
  RESOLVE(sethook, "lua_sethook");
  RESOLVE(getinfo, "lua_getinfo");
  RESOLVE(gettop, "lua_gettop");
  RESOLVE(settop, "lua_settop");
  RESOLVE(pushvalue, "lua_pushvalue");
  RESOLVE(rotate, "lua_rotate");
  RESOLVE(type, "lua_type");
  RESOLVE(typename_, "lua_typename");
  RESOLVE(pushnil, "lua_pushnil");
  RESOLVE(pushboolean, "lua_pushboolean");
  RESOLVE(pushinteger, "lua_pushinteger");
  RESOLVE(pushnumber, "lua_pushnumber");
  RESOLVE(pushlstring, "lua_pushlstring");
  RESOLVE(pushstring, "lua_pushstring");
  RESOLVE(pushlightuserdata, "lua_pushlightuserdata");
  RESOLVE(pushcclosure, "lua_pushcclosure");
  RESOLVE(touserdata, "lua_touserdata");
  RESOLVE(createtable, "lua_createtable");
  RESOLVE(setfield, "lua_setfield");
  RESOLVE(rawget, "lua_rawget");
  RESOLVE(rawgeti, "lua_rawgeti");
  RESOLVE(rawseti, "lua_rawseti");
  RESOLVE(next, "lua_next");
  RESOLVE(rawlen, "lua_rawlen");
  RESOLVE(tolstring, "lua_tolstring");
  RESOLVE(isinteger, "lua_isinteger");
  RESOLVE(tointegerx, "lua_tointegerx");
  RESOLVE(tonumberx, "lua_tonumberx");
  RESOLVE(toboolean, "lua_toboolean");
  RESOLVE(setglobal, "lua_setglobal");
  RESOLVE(getglobal, "lua_getglobal");
  RESOLVE(open_base, "luaopen_base");
  RESOLVE(open_string, "luaopen_string");
  RESOLVE(open_table, "luaopen_table");
  RESOLVE(open_math, "luaopen_math");
  RESOLVE(open_utf8, "luaopen_utf8");
  RESOLVE(open_os, "luaopen_os");
  lua.loaded = 1;
  pthread_mutex_unlock(&load_lock);
  return 0;
}

/// Sets `table.name = nil` for the table at the top of the stack.
static void remove_field(lua_State *L, const char *name) {
  lua.pushnil(L);
  lua.setfield(L, -2, name);
}

// The allocator behind every sandboxed state: the C library's, with a running total that may
// not pass the state's limit. Lua turns a refused allocation into a "not enough memory" error.
struct allocation_budget {
  size_t used;
  size_t limit;
};

static void *limited_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  struct allocation_budget *budget = ud;
  // When ptr is NULL, osize is a type tag, not a size.
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    budget->used -= old;
    return NULL;
  }
  if (nsize > old && budget->used - old + nsize > budget->limit) return NULL;
  void *block = realloc(ptr, nsize);
  if (block != NULL) budget->used = budget->used - old + nsize;
  return block;
}

// An error outside any protected call: cannot happen through rolesh's entry points (all are
// protected), so reaching it is a bug; say so and stop rather than continue in a broken state.
static int sandbox_panic(lua_State *L) {
  const char *message = lua.tolstring(L, -1, NULL);
  fprintf(stderr, "rolesh: internal error: unprotected Lua error: %s\n", message ? message : "?");
  abort();
}

lua_State *rolesh_lua_new_sandbox(size_t memory_limit) {
  struct allocation_budget *budget = calloc(1, sizeof *budget);
  if (budget == NULL) return NULL;
  budget->limit = memory_limit;
  lua_State *L = lua.newstate(limited_alloc, budget);
  if (L == NULL) {
    free(budget);
    return NULL;
  }
  lua.atpanic(L, sandbox_panic);
  lua.requiref(L, "_G", lua.open_base, 1);
  remove_field(L, "dofile");
  remove_field(L, "loadfile");
  remove_field(L, "load");  // could load binary chunks
  remove_field(L, "print"); // stdout belongs to the shell; rolesh.log replaces it
  lua.settop(L, 0);
  lua.requiref(L, "string", lua.open_string, 1);
  remove_field(L, "dump"); // makes binary chunks
  lua.settop(L, 0);
  lua.requiref(L, "table", lua.open_table, 1);
  lua.settop(L, 0);
  lua.requiref(L, "math", lua.open_math, 1);
  lua.settop(L, 0);
  lua.requiref(L, "utf8", lua.open_utf8, 1);
  lua.settop(L, 0);
  // os with only the harmless functions: copy them into a fresh table.
  lua.requiref(L, "os", lua.open_os, 0);
  lua.createtable(L, 0, 4);
  const char *keep[] = {"time", "date", "clock", "getenv"};
  for (int i = 0; i < 4; i++) {
    lua.pushstring(L, keep[i]);
    lua.rawget(L, -3);
    lua.setfield(L, -2, keep[i]);
  }
  lua.setglobal(L, "os");
  lua.settop(L, 0);
  return L;
}

static void budget_hook(lua_State *L, lua_Debug *ar);
#define BUDGET_STEP 1000
static long budget_remaining;

void rolesh_lua_close(lua_State *L, long instructions) {
  // The allocator's user data is the budget struct; it outlives the state by one line.
  void *budget = NULL;
  lua.getallocf(L, &budget);
  budget_remaining = instructions / BUDGET_STEP + 1;
  lua.sethook(L, budget_hook, LUA_MASKCOUNT, BUDGET_STEP);
  lua.close(L);
  free(budget);
}

int rolesh_lua_checkstack(lua_State *L, int n) { return lua.checkstack(L, n); }

int rolesh_lua_load_text(lua_State *L, const char *code, size_t length, const char *chunkname) {
  return lua.loadbufferx(L, code, length, chunkname, "t");
}

// The budget counts down in steps of BUDGET_STEP instructions.
static void budget_hook(lua_State *L, lua_Debug *ar) {
  if (--budget_remaining <= 0) {
    // From now on every instruction raises: a plugin's pcall or message handler that catches
    // this error cannot run on, because its very next instruction raises again.
    if (budget_remaining == 0) lua.sethook(L, budget_hook, LUA_MASKCOUNT, 1);
    // Name the file and line the plugin was running, like any other Lua error.
    char message[512];
    if (lua.getinfo(L, "Sl", ar) && ar->currentline > 0) {
      snprintf(message, sizeof message, "%s:%d: instruction budget exhausted (an endless loop?)", ar->short_src,
               ar->currentline);
    } else {
      snprintf(message, sizeof message, "instruction budget exhausted (an endless loop?)");
    }
    lua.pushstring(L, message);
    lua.error(L);
  }
}

static int traceback_handler(lua_State *L) {
  const char *message = lua.tolstring(L, 1, NULL);
  lua.traceback(L, L, message ? message : "(error object is not a string)", 1);
  return 1;
}

int rolesh_lua_pcall(lua_State *L, int nargs, int nresults, long instructions) {
  int base = lua.gettop(L) - nargs;
  lua.pushcclosure(L, traceback_handler, 0);
  lua.rotate(L, base, 1);
  budget_remaining = instructions / BUDGET_STEP + 1;
  lua.sethook(L, budget_hook, LUA_MASKCOUNT, BUDGET_STEP);
  int status = lua.pcallk(L, nargs, nresults, base, 0, NULL);
  lua.sethook(L, NULL, 0, 0);
  lua.rotate(L, base, -1);
  lua.settop(L, -2);
  return status;
}

int rolesh_lua_gettop(lua_State *L) { return lua.gettop(L); }
void rolesh_lua_settop(lua_State *L, int index) { lua.settop(L, index); }
void rolesh_lua_pop(lua_State *L, int n) { lua.settop(L, -n - 1); }
void rolesh_lua_pushvalue(lua_State *L, int index) { lua.pushvalue(L, index); }
int rolesh_lua_type(lua_State *L, int index) { return lua.type(L, index); }
const char *rolesh_lua_typename_at(lua_State *L, int index) { return lua.typename_(L, lua.type(L, index)); }
void rolesh_lua_pushnil(lua_State *L) { lua.pushnil(L); }
void rolesh_lua_pushboolean(lua_State *L, int value) { lua.pushboolean(L, value); }
void rolesh_lua_pushinteger(lua_State *L, int64_t value) { lua.pushinteger(L, value); }
void rolesh_lua_pushnumber(lua_State *L, double value) { lua.pushnumber(L, value); }
void rolesh_lua_pushlstring(lua_State *L, const char *bytes, size_t length) { lua.pushlstring(L, bytes, length); }
void rolesh_lua_pushlightuserdata(lua_State *L, void *pointer) { lua.pushlightuserdata(L, pointer); }

void rolesh_lua_pushfunction(lua_State *L, rolesh_lua_CFunction function, void *context) {
  lua.pushlightuserdata(L, context);
  lua.pushcclosure(L, (lua_CFunction)function, 1);
}

void *rolesh_lua_context(lua_State *L) { return lua.touserdata(L, lua_upvalueindex(1)); }
void rolesh_lua_newtable(lua_State *L) { lua.createtable(L, 0, 0); }
void rolesh_lua_setfield(lua_State *L, int index, const char *key) { lua.setfield(L, index, key); }

void rolesh_lua_rawgetfield(lua_State *L, int index, const char *key) {
  int absolute = index < 0 ? lua.gettop(L) + index + 1 : index;
  lua.pushstring(L, key);
  lua.rawget(L, absolute);
}

void rolesh_lua_rawgeti(lua_State *L, int index, int64_t n) { lua.rawgeti(L, index, n); }
void rolesh_lua_rawseti(lua_State *L, int index, int64_t n) { lua.rawseti(L, index, n); }
int rolesh_lua_next(lua_State *L, int index) { return lua.next(L, index); }
size_t rolesh_lua_rawlen(lua_State *L, int index) { return (size_t)lua.rawlen(L, index); }
const char *rolesh_lua_tolstring(lua_State *L, int index, size_t *length) { return lua.tolstring(L, index, length); }
int rolesh_lua_isinteger(lua_State *L, int index) { return lua.isinteger(L, index); }
int64_t rolesh_lua_tointeger(lua_State *L, int index) { return lua.tointegerx(L, index, NULL); }
double rolesh_lua_tonumber(lua_State *L, int index) { return lua.tonumberx(L, index, NULL); }
int rolesh_lua_toboolean(lua_State *L, int index) { return lua.toboolean(L, index); }
void rolesh_lua_setglobal(lua_State *L, const char *name) { lua.setglobal(L, name); }
void rolesh_lua_getglobal(lua_State *L, const char *name) { lua.getglobal(L, name); }

// MARK: The watchdog

static pthread_mutex_t watchdog_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t watchdog_wake;
static int watchdog_started;
static int watchdog_armed;
static struct timespec watchdog_deadline;
static char watchdog_message[1024];

static void *watchdog_main(void *unused) {
  (void)unused;
  pthread_mutex_lock(&watchdog_lock);
  for (;;) {
    while (!watchdog_armed) pthread_cond_wait(&watchdog_wake, &watchdog_lock);
    int result = pthread_cond_timedwait(&watchdog_wake, &watchdog_lock, &watchdog_deadline);
    if (result != ETIMEDOUT || !watchdog_armed) continue;
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (now.tv_sec < watchdog_deadline.tv_sec ||
        (now.tv_sec == watchdog_deadline.tv_sec && now.tv_nsec < watchdog_deadline.tv_nsec)) {
      continue;
    }
    // Only async-signal-safe calls from here: the main thread is stuck somewhere in Lua.
    size_t length = strlen(watchdog_message);
    ssize_t written = write(2, watchdog_message, length);
    (void)written;
    _exit(1);
  }
  return NULL;
}

void rolesh_lua_watchdog_arm(double seconds, const char *message) {
  pthread_mutex_lock(&watchdog_lock);
  if (!watchdog_started) {
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&watchdog_wake, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_t thread;
    pthread_attr_t thread_attributes;
    pthread_attr_init(&thread_attributes);
    pthread_attr_setdetachstate(&thread_attributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&thread_attributes, 64 * 1024);
    if (pthread_create(&thread, &thread_attributes, watchdog_main, NULL) == 0) watchdog_started = 1;
    pthread_attr_destroy(&thread_attributes);
  }
  clock_gettime(CLOCK_MONOTONIC, &watchdog_deadline);
  if (!(seconds > 0)) seconds = 0.001;
  if (seconds > 86400) seconds = 86400;
  long whole = (long)seconds;
  long nanos = (long)((seconds - (double)whole) * 1e9);
  watchdog_deadline.tv_sec += whole;
  watchdog_deadline.tv_nsec += nanos;
  if (watchdog_deadline.tv_nsec >= 1000000000L) {
    watchdog_deadline.tv_sec += 1;
    watchdog_deadline.tv_nsec -= 1000000000L;
  }
  snprintf(watchdog_message, sizeof watchdog_message, "%s\n", message ? message : "rolesh: a plugin ran too long");
  watchdog_armed = 1;
  pthread_cond_signal(&watchdog_wake);
  pthread_mutex_unlock(&watchdog_lock);
}

void rolesh_lua_watchdog_disarm(void) {
  pthread_mutex_lock(&watchdog_lock);
  watchdog_armed = 0;
  if (watchdog_started) pthread_cond_signal(&watchdog_wake);
  pthread_mutex_unlock(&watchdog_lock);
}
