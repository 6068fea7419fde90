#if canImport(Glibc)
  import Glibc
#endif

/// The AWS CLI's assume-role cache (`~/.aws/cli/cache/<key>.json`), shared with `aws`.
///
/// Reads accept every `Expiration` form botocore accepts; writes use botocore's own shape and
/// go through a temporary file in the same directory, fsync and rename, so no reader ever sees
/// a torn entry. A corrupt entry is reported once and replaced (the AWS CLI crashes on one).
package struct CredentialCache {
  package var directory: String
  /// Where per-key lock files live (`$XDG_STATE_HOME/rolesh/locks`).
  package var lockDirectory: String
  /// One-line warnings for people (stderr in the CLI).
  package var warn: (String) -> Void
  /// Entries with less than this many seconds left are not used (spec §4.4).
  package static let expiryWindow = 900

  package init(environment: Environment, warn: @escaping (String) -> Void) {
    directory = CacheInspection.directory(environment)
    lockDirectory = StatePaths.stateHome(environment) + "/rolesh/locks"
    self.warn = warn
  }

  package init(directory: String, lockDirectory: String, warn: @escaping (String) -> Void) {
    self.directory = directory
    self.lockDirectory = lockDirectory
    self.warn = warn
  }

  package func path(for key: CacheKey) -> String { directory + "/" + key.fileName }

  /// A usable entry, or `nil` (missing, expiring within the window, or corrupt — with a
  /// warning unless `quietly`).
  package func read(_ key: CacheKey, now: Timestamp, quietly: Bool = false) -> AWSCredentials? {
    let warn: (String) -> Void = quietly ? { _ in } : self.warn
    let path = path(for: key)
    // Read first; only a failed read asks whether something is there at all (the warm path
    // makes one open, not a stat and an open).
    guard let bytes = FileSystem.readRegularFile(path) else {
      if FileSystem.exists(path) { warn("rolesh: warning: ignoring unreadable cache entry \(path); it will be replaced") }
      return nil
    }
    guard let credentials = Self.decode(bytes) else {
      warn("rolesh: warning: ignoring corrupt cache entry \(path) (not the AWS CLI's format); it will be replaced")
      return nil
    }
    guard let expiration = credentials.expiration,
      expiration.secondsSinceEpoch - now.secondsSinceEpoch >= Self.expiryWindow
    else { return nil }
    return credentials
  }

  /// Parses an entry: `Credentials` with the three keys and a zoned `Expiration`.
  package static func decode(_ bytes: [UInt8]) -> AWSCredentials? {
    guard let json = JSON.parse(bytes), let credentials = json["Credentials"],
      let accessKey = credentials["AccessKeyId"]?.stringValue,
      let secret = credentials["SecretAccessKey"]?.stringValue,
      let token = credentials["SessionToken"]?.stringValue,
      let expirationText = credentials["Expiration"]?.stringValue,
      let expiration = Timestamp(iso8601: expirationText)
    else { return nil }
    return AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token, expiration: expiration,
      accountId: credentials["AccountId"]?.stringValue)
  }

  /// The entry text, in the shape botocore writes (default separators, `…UTC` expiry).
  package static func encode(_ role: STSClient.RoleCredentials) -> String {
    let credentials = role.credentials
    var fields: [(String, JSON)] = [
      ("AccessKeyId", .string(credentials.accessKeyId)),
      ("SecretAccessKey", .string(credentials.secretAccessKey)),
      ("SessionToken", .optional(credentials.sessionToken)),
      ("Expiration", .string(credentials.expiration?.botocoreCacheForm ?? role.expirationText)),
    ]
    if let account = credentials.accountId { fields.append(("AccountId", .string(account))) }
    var document: [(String, JSON)] = [("Credentials", .object(fields))]
    if role.assumedRoleArn != nil || role.assumedRoleId != nil {
      document.append((
        "AssumedRoleUser",
        .object([("AssumedRoleId", .optional(role.assumedRoleId)), ("Arn", .optional(role.assumedRoleArn))])
      ))
    }
    return JSON.object(document).serialized()
  }

  /// Writes atomically: temp file (0600) in the cache directory, fsync, rename, fsync the
  /// directory. The directory is created 0700; an existing one that others can read gets a
  /// warning, not a silent chmod.
  package func write(_ key: CacheKey, _ role: STSClient.RoleCredentials) throws {
    try FileSystem.makeDirectories(directory, mode: 0o700)
    var info = stat()
    if stat(directory, &info) == 0, info.st_mode & 0o077 != 0 {
      warn("rolesh: warning: \(directory) is readable by other users (mode \(String(info.st_mode & 0o777, radix: 8))); chmod 700 it")
    }
    let target = path(for: key)
    // Healing: something that is not a file where the entry belongs (an empty directory, say)
    // is removed so the rename can put the fresh entry there.
    var existing = stat()
    if lstat(target, &existing) == 0, (existing.st_mode & S_IFMT) == S_IFDIR { rmdir(target) }
    try FileSystem.writeAtomically(Array(Self.encode(role).utf8), to: target, mode: 0o600)
  }

  /// Runs `body` holding the per-key lock, so concurrent rolesh processes needing the same
  /// role make one STS call (and one MFA prompt) between them. The lock is an `flock` on a
  /// file, released by the kernel if the holder dies — even by SIGKILL.
  package func withLock<T>(_ key: CacheKey, timeout: Double = 120, _ body: () throws -> T) throws -> T {
    try FileSystem.makeDirectories(lockDirectory, mode: 0o700)
    let lock = try FileLock(path: lockDirectory + "/" + key.hash + ".lock")
    try lock.acquire(timeout: timeout) {
      warn("rolesh: waiting for another rolesh process that is fetching the same role credentials…")
    }
    defer { lock.release() }
    return try body()
  }
}

/// XDG base directories (design.md §2).
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
}

/// An exclusive `flock` on a lock file.
package final class FileLock {
  private let fd: Int32
  package let path: String

  package init(path: String) throws {
    self.path = path
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
    guard fd >= 0 else { throw FileSystemError(path: path, operation: "open lock file", errno: errno) }
  }

  deinit { close(fd) }

  /// Waits up to `timeout` seconds; `waiting` is called once if it takes more than 3 s.
  package func acquire(timeout: Double, waiting: () -> Void) throws {
    let start = Timestamp.monotonicSeconds()
    var announced = false
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR else {
        throw FileSystemError(path: path, operation: "lock", errno: errno)
      }
      let elapsed = Timestamp.monotonicSeconds() - start
      if elapsed > 3 && !announced {
        announced = true
        waiting()
      }
      if elapsed > timeout {
        throw FileSystemError(path: path, operation: "lock (another rolesh held it for \(Int(timeout)) s)", errno: EWOULDBLOCK)
      }
      RetryPolicy.sleep(0.02)
    }
  }

  package func release() { flock(fd, LOCK_UN) }
}

extension Timestamp {
  /// Seconds on the monotonic clock, for timeouts.
  package static func monotonicSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
  }
}
