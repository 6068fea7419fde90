#ifndef ROLESH_BUILD_INFO_H
#define ROLESH_BUILD_INFO_H

// What `rolesh --version` prints. The version is written in build_info.c (its one place);
// the commit comes from commit.h, which `make` writes from git before every build (a
// checkout without it says "unknown").
const char *rolesh_build_version(void);
const char *rolesh_build_commit(void);

#endif
