#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshSupport

/// The AWS CLI's credential cache (`~/.aws/cli/cache/<key>.json`), shared with `aws`.
///
/// Reads accept every `Expiration` form botocore accepts; writes go through a temporary file in
/// the same directory, fsync and rename, so no reader ever sees a torn entry. A corrupt entry is
/// reported once and replaced (the AWS CLI crashes on one).
package struct CredentialCache {
  package var directory: String
  /// Where per-key lock files live (`$XDG_STATE_HOME/rolesh/locks`).
  package var lockDirectory: String
  /// One-line warnings for people (stderr in the CLI).
  package var warn: (String) -> Void
  /// Entries with less than this many seconds left are not used: the AWS CLI's
  /// refresh window, used by every decision about "still good" in rolesh.
  package static let expiryWindow = 900

  package init(environment: Environment, warn: @escaping (String) -> Void) {
    self.init(directory: Self.directory(environment), lockDirectory: StatePaths.lockDirectory(environment), warn: warn)
  }

  package init(directory: String, lockDirectory: String, warn: @escaping (String) -> Void) {
    self.directory = directory
    self.lockDirectory = lockDirectory
    self.warn = warn
  }

  /// The AWS CLI's cache: `~/.aws/cli/cache` under `$HOME`.
  package static func directory(_ environment: Environment) -> String {
    var home = environment.homeDirectory
    while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
    return (home == "/" ? "" : home) + "/.aws/cli/cache"
  }

  package func path(for key: CacheKey) -> String { directory + "/" + key.fileName }

  /// A usable entry, or `nil` (missing, expiring within `window` seconds, or corrupt — with a
  /// warning unless `quietly`).
  package func read(_ key: CacheKey, now: Timestamp, window: Int = expiryWindow, quietly: Bool = false) -> AWSCredentials? {
    let path = path(for: key)
    // One open on the warm path: only a failed read looks closer.
    let result = FileSystem.read(path, limit: FileSystem.smallFileLimit)
    guard case .contents(let bytes) = result else {
      if !quietly, result != .missing { warn("rolesh: warning: ignoring cache entry \(path): \(result.problem(path) ?? ""); it will be replaced") }
      return nil
    }
    guard let entry = CacheEntry.decode(bytes) else {
      if !quietly { warn("rolesh: warning: ignoring corrupt cache entry \(path) (not the AWS CLI's format); it will be replaced") }
      return nil
    }
    return entry.isUsable(at: now, window: window) ? entry.credentials : nil
  }

  /// Writes `document` for `key` atomically: temp file (0600) in the cache directory, fsync,
  /// rename, fsync the directory. The directory is created 0700; an existing one that others
  /// can read gets a warning, not a silent chmod.
  package func write(_ key: CacheKey, _ document: JSON) throws {
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
    // Python's json.dumps layout, as botocore writes its entries.
    try FileSystem.writeAtomically(Array(document.serialized(.python).utf8), to: target, mode: 0o600)
  }

  /// Runs `body` holding the per-key lock, so concurrent rolesh processes needing the same
  /// credentials make one call (and one MFA prompt) between them. The lock is an `flock` on a
  /// file, released by the kernel if the holder dies — even by SIGKILL. A process that had to
  /// wait first asks `ready()` (the entry the holder wrote) and runs `body` only without one.
  package func withLock<T>(
    _ key: CacheKey, timeout: Double = 120, ready: () -> T? = { nil }, _ body: () throws -> T
  ) throws -> T {
    try FileSystem.makeDirectories(lockDirectory, mode: 0o700)
    let lock = try FileLock(path: lockDirectory + "/" + key.prefix + key.hash + ".lock")
    let announce = { warn("rolesh: waiting for another rolesh process that is fetching the same credentials…") }
    if try !lock.tryAcquire() {
      // Another process is fetching. Wait for it with a shared lock, so that all the waiters
      // wake together when it is done and read its entry side by side, rather than taking the
      // exclusive lock one after another only to read it (100 shells opening at once).
      try lock.acquire(timeout: timeout, shared: true, waiting: announce)
      if let done = ready() {
        lock.release()
        return done
      }
      lock.release()
      try lock.acquire(timeout: timeout, waiting: announce)
    }
    defer { lock.release() }
    return try body()
  }

  /// Deletes entries: every `*.json` (and stray `tmp*.tmp`) when `fileNames` is nil.
  /// Returns the names removed.
  package func clear(_ fileNames: Set<String>?) -> [String] {
    var removed: [String] = []
    for file in FileSystem.listDirectory(directory).sorted() {
      let isEntry = file.hasSuffix(".json")
      let isLeftover = file.hasPrefix("tmp") && file.hasSuffix(".tmp")
      guard isEntry || isLeftover else { continue }
      if let fileNames, !fileNames.contains(file) { continue }
      if unlink(directory + "/" + file) == 0 { removed.append(file) }
    }
    return removed
  }
}
