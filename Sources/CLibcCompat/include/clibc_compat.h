#ifndef ROLESH_CLIBC_COMPAT_H
#define ROLESH_CLIBC_COMPAT_H

/// Functions newer glibc versions provide, defined here so the release binary loads on the
/// oldest glibc the README promises (2.35). Nothing calls them from Swift: the C++ runtime
/// linked into the binary does.

#endif
