#if canImport(Glibc)
  import Glibc
#endif

/// Runs a program directly (no shell), capturing stdout and stderr. Used for
/// `credential_process` and the Lua `rolesh.exec`.
package enum Subprocess {
  /// What the child reads on stdin.
  package enum Input: Sendable {
    /// The caller's stdin (a terminal, when a person is there to answer).
    case inherit
    /// `/dev/null`: nothing to read, nothing to wait for (the prompt hook's choice).
    case null
    /// These bytes, then end of file.
    case bytes([UInt8])
  }

  package struct Result: Sendable {
    package var status: Int32
    package var stdout: [UInt8]
    package var stderr: [UInt8]
    /// True when the program was killed for running past its timeout.
    package var timedOut: Bool
    /// True when the program was killed for printing more than the output limit.
    package var overflowed = false
  }

  package struct LaunchError: RoleshError {
    package var program: String
    package var code: Int32
    package var exitStatus: ExitStatus { .failure }
    package var message: String { "cannot run \(program): \(String(cString: strerror(code)))" }
  }

  /// Output beyond this many bytes (stdout and stderr together) ends the child.
  package static let defaultOutputLimit = 4 << 20

  /// A close-on-exec pipe (the child gets only the ends dup2'd onto 0, 1 and 2).
  private static func makePipe(_ fds: inout [Int32]) -> Bool {
    guard pipe(&fds) == 0 else { return false }
    for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
    return true
  }

  /// Spawns `arguments[0]` (found on `PATH` when it has no `/`).
  package static func run(
    _ arguments: [String], input stdin: Input = .inherit, timeout: Double? = nil, environment: [String: String]? = nil,
    outputLimit: Int = defaultOutputLimit
  ) throws -> Result {
    precondition(!arguments.isEmpty, "Subprocess.run needs a program")
    let input: [UInt8]?
    if case .bytes(let bytes) = stdin { input = bytes } else { input = nil }
    var outPipe: [Int32] = [0, 0]
    var errPipe: [Int32] = [0, 0]
    var inPipe: [Int32] = [-1, -1]
    guard makePipe(&outPipe), makePipe(&errPipe) else {
      throw LaunchError(program: arguments[0], code: errno)
    }
    if input != nil { guard makePipe(&inPipe) else { throw LaunchError(program: arguments[0], code: errno) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
    posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
    if input != nil { posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0) }
    if case .null = stdin { posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0) }
    let envStrings: [UnsafeMutablePointer<CChar>?]? = environment.map { env in env.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { envStrings?.forEach { free($0) } }
    var pid: pid_t = 0
    let spawnResult = spawn(arguments, &pid, &actions, environment: envStrings)
    close(outPipe[1])
    close(errPipe[1])
    if input != nil { close(inPipe[0]) }
    guard spawnResult == 0 else {
      close(outPipe[0])
      close(errPipe[0])
      if input != nil { close(inPipe[1]) }
      throw LaunchError(program: arguments[0], code: spawnResult)
    }
    if let input {
      // Small inputs only (codes, tokens): written before reading, then closed.
      var offset = 0
      signal(SIGPIPE, SIG_IGN)
      while offset < input.count {
        let n = input.withUnsafeBytes { write(inPipe[1], $0.baseAddress! + offset, input.count - offset) }
        if n <= 0 { break }
        offset += n
      }
      close(inPipe[1])
    }
    var out: [UInt8] = []
    var err: [UInt8] = []
    var open = [outPipe[0], errPipe[0]]
    let deadline = timeout.map { MonotonicClock.seconds() + min(max($0, 0), 86400) }
    var timedOut = false
    var overflowed = false
    var buffer = [UInt8](repeating: 0, count: 16384)
    while !open.isEmpty {
      var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
      let wait = deadline.map { Int32(max(0, min(($0 - MonotonicClock.seconds()) * 1000, 86_400_000))) } ?? -1
      let ready = poll(&fds, nfds_t(fds.count), wait)
      if ready == 0 {
        timedOut = true
        kill(pid, SIGKILL)
        break
      }
      if ready < 0 {
        if errno == EINTR { continue }
        break
      }
      for entry in fds where entry.revents != 0 {
        let n = buffer.withUnsafeMutableBytes { read(entry.fd, $0.baseAddress, $0.count) }
        if n > 0 {
          if entry.fd == outPipe[0] { out += buffer[0..<n] } else { err += buffer[0..<n] }
          if out.count + err.count > outputLimit {
            overflowed = true
            kill(pid, SIGKILL)
            open = []
            break
          }
        } else if n == 0 || errno != EINTR {
          open.removeAll { $0 == entry.fd }
        }
      }
    }
    close(outPipe[0])
    close(errPipe[0])
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    return Result(status: exitStatus, stdout: out, stderr: err, timedOut: timedOut, overflowed: overflowed)
  }
}

extension Subprocess {
  /// Starts a program without waiting for it: a browser (stdin from /dev/null, stdout and
  /// stderr to /dev/null unless `quiet` is false), or with `interactive` the command of
  /// `exec --server` (the terminal inherited). `environment` replaces this process's.
  /// Returns its process id.
  package static func start(
    _ arguments: [String], environment: [String: String]? = nil, quiet: Bool = true, interactive: Bool = false
  ) throws -> pid_t {
    precondition(!arguments.isEmpty, "Subprocess.start needs a program")
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    if !interactive {
      posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
      if quiet {
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
      }
    }
    let envStrings: [UnsafeMutablePointer<CChar>?]? = environment.map { env in env.map { strdup("\($0.key)=\($0.value)") } + [nil] }
    defer { envStrings?.forEach { free($0) } }
    var pid: pid_t = 0
    let result = spawn(arguments, &pid, &actions, environment: envStrings)
    guard result == 0 else { throw LaunchError(program: arguments[0], code: result) }
    return pid
  }

  /// posix_spawnp with default dispositions in the child for the signals the parent may ignore,
  /// and `environment` (nil: this process's).
  static func spawn(
    _ arguments: [String], _ pid: inout pid_t, _ actions: inout posix_spawn_file_actions_t,
    environment: [UnsafeMutablePointer<CChar>?]?
  ) -> Int32 {
    var attributes = posix_spawnattr_t()
    posix_spawnattr_init(&attributes)
    defer { posix_spawnattr_destroy(&attributes) }
    var defaults = sigset_t()
    sigemptyset(&defaults)
    sigaddset(&defaults, SIGINT)
    sigaddset(&defaults, SIGPIPE)
    sigaddset(&defaults, SIGQUIT)
    posix_spawnattr_setsigdefault(&attributes, &defaults)
    posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF))
    let argv = arguments.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    if let environment { return posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environment) }
    return posix_spawnp(&pid, arguments[0], &actions, &attributes, argv, environ)
  }

  /// The exit status of a started program if it has ended (waiting up to `timeout` seconds);
  /// nil while it still runs.
  package static func exitStatus(of pid: pid_t, waitingUpTo timeout: Double = 0) -> Int32? {
    let deadline = MonotonicClock.seconds() + max(0, timeout)
    while true {
      var status: Int32 = 0
      let result = waitpid(pid, &status, WNOHANG)
      if result == pid { return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f) }
      if result < 0 { return 255 }
      if MonotonicClock.seconds() >= deadline { return nil }
      MonotonicClock.sleep(0.02)
    }
  }
}
