// The C++ runtime linked into the release binary (libstdc++.a, for std::random_device) calls
// arc4random, which glibc has had only since 2.36. Defined here, the call binds to this
// function at link time and the binary asks glibc for nothing newer than 2.35 (Ubuntu 22.04),
// as the README promises. getrandom(2) is glibc 2.25's; /dev/urandom is the fallback for a
// kernel that lacks it.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

// Hidden: the linked-in C++ runtime binds to it at link time, and nothing is exported for the
// dynamic loader (libc.so defines the name too on newer systems).
__attribute__((visibility("hidden"))) uint32_t arc4random(void) {
  uint32_t value;
  unsigned char *bytes = (unsigned char *)&value;
  size_t filled = 0;
  while (filled < sizeof value) {
    ssize_t n = getrandom(bytes + filled, sizeof value - filled, 0);
    if (n > 0) {
      filled += (size_t)n;
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;
    }
  }
  if (filled == sizeof value) return value;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    while (filled < sizeof value) {
      ssize_t n = read(fd, bytes + filled, sizeof value - filled);
      if (n > 0) {
        filled += (size_t)n;
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else {
        break;
      }
    }
    close(fd);
  }
  if (filled != sizeof value) abort();
  return value;
}
