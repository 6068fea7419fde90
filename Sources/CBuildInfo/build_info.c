#include "build_info.h"

// The release version: the one place it is written (make dist reads it from here).
#define ROLESH_VERSION "0.3.0"

#if __has_include("commit.h")
#include "commit.h"
#endif
#ifndef ROLESH_COMMIT
#define ROLESH_COMMIT "unknown"
#endif

const char *rolesh_build_version(void) { return ROLESH_VERSION; }
const char *rolesh_build_commit(void) { return ROLESH_COMMIT; }
