#if canImport(Glibc)
  import Glibc
#endif

/// A `flock` on a lock file: released by the kernel when the holder exits, even by SIGKILL, so
/// a crashed rolesh never leaves a lock behind.
///
/// Waiting is a blocking `flock` (the kernel wakes the waiter the moment the lock is free)
/// bounded by an interval timer whose SIGALRM interrupts the wait — not a polling loop. A shared
/// wait lets every waiter wake at once when the exclusive holder is done.
package final class FileLock {
  private let fd: Int32
  package let path: String

  package init(path: String) throws {
    self.path = path
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o600)
    guard fd >= 0 else { throw FileSystemError(path: path, operation: "open lock file", errno: errno) }
  }

  deinit { close(fd) }

  /// Takes the lock exclusively if it is free right now.
  package func tryAcquire() throws -> Bool {
    if flock(fd, LOCK_EX | LOCK_NB) == 0 { return true }
    guard errno == EWOULDBLOCK || errno == EINTR else { throw FileSystemError(path: path, operation: "lock", errno: errno) }
    return false
  }

  /// Waits up to `timeout` seconds; `waiting` is called once if it takes more than
  /// `announceAfter` seconds. `shared` takes a shared lock (held by any number of processes at
  /// once, never while the lock is held exclusively).
  package func acquire(timeout: Double, shared: Bool = false, announceAfter: Double = 3, waiting: () -> Void) throws {
    let operation = shared ? LOCK_SH : LOCK_EX
    if flock(fd, operation | LOCK_NB) == 0 { return }
    guard errno == EWOULDBLOCK || errno == EINTR else { throw FileSystemError(path: path, operation: "lock", errno: errno) }
    let start = MonotonicClock.seconds()
    var announced = false
    while true {
      let elapsed = MonotonicClock.seconds() - start
      if elapsed >= timeout {
        throw FileSystemError(path: path, operation: "lock (another rolesh held it for \(Int(timeout)) s)", errno: EWOULDBLOCK)
      }
      let slice = announced ? timeout - elapsed : min(announceAfter - elapsed, timeout - elapsed)
      if slice <= 0 && !announced {
        announced = true
        waiting()
        continue
      }
      if Self.blockingLock(fd, operation, within: slice) { return }
      guard errno == EINTR else { throw FileSystemError(path: path, operation: "lock", errno: errno) }
    }
  }

  package func release() { flock(fd, LOCK_UN) }

  /// `flock(operation)` interrupted by SIGALRM after `seconds`; true when the lock was taken.
  private static func blockingLock(_ fd: Int32, _ operation: Int32, within seconds: Double) -> Bool {
    var action = sigaction()
    var previous = sigaction()
    // An empty handler without SA_RESTART: the signal only makes flock return EINTR.
    action.__sigaction_handler.sa_handler = { _ in }
    sigemptyset(&action.sa_mask)
    action.sa_flags = 0
    sigaction(SIGALRM, &action, &previous)
    let micros = max(1000, Int(seconds * 1_000_000))
    var timer = itimerval(
      it_interval: timeval(tv_sec: 0, tv_usec: 0),
      it_value: timeval(tv_sec: micros / 1_000_000, tv_usec: micros % 1_000_000))
    var disarm = itimerval()
    setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &timer, nil)
    let result = flock(fd, operation)
    let code = errno
    setitimer(__itimer_which_t(ITIMER_REAL.rawValue), &disarm, nil)
    sigaction(SIGALRM, &previous, nil)
    errno = code
    return result == 0
  }
}

/// XDG base directories (docs/contract.md, "Files"): rolesh's own state, configuration and data.
package enum StatePaths {
  package static func stateHome(_ environment: Environment) -> String {
    if let value = environment.nonEmpty("XDG_STATE_HOME"), value.hasPrefix("/") { return value }
    return environment.homeDirectory + "/.local/state"
  }

  package static func configHome(_ environment: Environment) -> String {
    if let value = environment.nonEmpty("XDG_CONFIG_HOME"), value.hasPrefix("/") { return value }
    return environment.homeDirectory + "/.config"
  }

  package static func dataHome(_ environment: Environment) -> String {
    if let value = environment.nonEmpty("XDG_DATA_HOME"), value.hasPrefix("/") { return value }
    return environment.homeDirectory + "/.local/share"
  }

  /// Per-key lock files for the shared caches.
  package static func lockDirectory(_ environment: Environment) -> String {
    stateHome(environment) + "/rolesh/locks"
  }
}

/// The monotonic clock, for timeouts and waits.
package enum MonotonicClock {
  /// Seconds since an arbitrary start; never goes backwards.
  package static func seconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }

  /// Sleeps, resuming after signals, for `seconds` (clamped to 0…3600).
  package static func sleep(_ seconds: Double) {
    let clamped = seconds.isFinite ? min(max(seconds, 0), 3600) : 0
    var request = timespec(tv_sec: Int(clamped), tv_nsec: Int((clamped - Double(Int(clamped))) * 1_000_000_000))
    var remaining = timespec()
    while nanosleep(&request, &remaining) != 0 && errno == EINTR { request = remaining }
  }
}
