#if canImport(Glibc)
  import Glibc
#endif

/// Small, allocation-light file helpers over POSIX calls. rolesh avoids Foundation: its
/// start-up cost is a large share of the warm path's budget.
///
/// Every read is defensive, because paths come from hostile places (a cloned repository's
/// `.awsrole`, `AWS_CONFIG_FILE`, a cache directory others can write): files are opened
/// non-blocking so a FIFO never hangs the prompt, anything but a regular file is refused after
/// `fstat` without reading it, and every read has a size limit.
package enum FileSystem {
  /// What reading a file found.
  package enum ReadResult: Equatable, Sendable {
    case contents([UInt8])
    /// Nothing at the path (or a component is not a directory).
    case missing
    /// A directory: botocore treats one where a config file belongs as an empty file.
    case directory
    /// A FIFO, socket or device: never read (it could block forever or never end).
    case special
    /// Larger than the limit: not read.
    case tooLarge(size: Int)
    /// Present but not readable (permissions, I/O error).
    case unreadable(errno: Int32)
  }

  /// The default read limit: larger than any sane AWS config (a 50,000-profile file is ~5 MiB).
  package static let defaultLimit = 64 << 20
  /// The limit for small files rolesh owns or trusts (`.awsrole`, plugins, cache entries).
  package static let smallFileLimit = 256 << 10

  /// Reads a regular file whole, refusing anything else without blocking on it.
  package static func read(_ path: String, limit: Int = defaultLimit) -> ReadResult {
    let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)
    guard fd >= 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR { return .missing }
      if code == EISDIR { return .directory }
      // A FIFO or socket whose open fails (ENXIO) is still not a file.
      if code == ENXIO || code == ENODEV { return .special }
      return .unreadable(errno: code)
    }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0 else { return .unreadable(errno: errno) }
    switch info.st_mode & S_IFMT {
    case S_IFREG: break
    case S_IFDIR: return .directory
    default: return .special
    }
    let size = Int(info.st_size)
    guard size <= limit else { return .tooLarge(size: size) }
    // Regular files never block, so the descriptor can go back to blocking reads.
    _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    var failure: Int32?
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let n = Glibc.read(fd, buffer.baseAddress! + count, size - count)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { failure = errno; break }
        if n == 0 { break }
        count += n
      }
    }
    if let failure { return .unreadable(errno: failure) }
    // The file may have grown since fstat: keep reading, still within the limit.
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        return .unreadable(errno: errno)
      }
      if n == 0 { break }
      guard bytes.count + n <= limit else { return .tooLarge(size: bytes.count + n) }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return .contents(bytes)
  }

  /// The bytes of a regular file, or `nil` for anything else (missing, a directory, special,
  /// too large, unreadable).
  package static func readRegularFile(_ path: String, limit: Int = defaultLimit) -> [UInt8]? {
    if case .contents(let bytes) = read(path, limit: limit) { return bytes }
    return nil
  }

  /// Whether something exists at the path (following links).
  package static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// A regular file (following links).
  package static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// A directory (following links).
  package static func isDirectory(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
  }

  /// Modification time in seconds since the epoch, following links.
  package static func modificationTime(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mtim.tv_sec)
  }

  /// Names in a directory (no `.` or `..`); empty when it cannot be read.
  package static func listDirectory(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }

  /// `mkdir -p`, creating missing components with `mode`.
  package static func makeDirectories(_ path: String, mode: mode_t) throws {
    var info = stat()
    if stat(path, &info) == 0 {
      guard (info.st_mode & S_IFMT) == S_IFDIR else { throw FileSystemError(path: path, operation: "use directory", errno: ENOTDIR) }
      return
    }
    if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
      try makeDirectories(String(path[..<slash]), mode: mode)
    }
    if mkdir(path, mode) != 0 && errno != EEXIST {
      throw FileSystemError(path: path, operation: "create directory", errno: errno)
    }
  }

  /// Replaces `path` with `bytes` atomically: a temporary file in the same directory,
  /// written, fsync'd, renamed over the target, then the directory fsync'd. Readers see the
  /// old file or the new one, never a torn one.
  ///
  /// `durable: false` skips both fsyncs, for files whose loss in a crash costs nothing but a
  /// recomputation (a cached EKS token): the rename still makes the write all or nothing.
  package static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t, durable: Bool = true) throws {
    let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    var template = Array((directory + "/tmpXXXXXXXX.tmp").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
    guard fd >= 0 else { throw FileSystemError(path: directory, operation: "create a temporary file in", errno: errno) }
    let temporary = String(nulTerminated: template)
    var failure: FileSystemError?
    if fchmod(fd, mode) != 0 { failure = FileSystemError(path: temporary, operation: "chmod", errno: errno) }
    var offset = 0
    while failure == nil && offset < bytes.count {
      let written = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if written < 0 {
        if errno == EINTR { continue }
        failure = FileSystemError(path: temporary, operation: "write", errno: errno)
      } else {
        offset += written
      }
    }
    if failure == nil && durable && fsync(fd) != 0 { failure = FileSystemError(path: temporary, operation: "fsync", errno: errno) }
    close(fd)
    if failure == nil && rename(temporary, path) != 0 { failure = FileSystemError(path: path, operation: "rename onto", errno: errno) }
    if let failure {
      unlink(temporary)
      throw failure
    }
    guard durable else { return }
    let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryFD >= 0 {
      fsync(directoryFD)
      close(directoryFD)
    }
  }

  /// The bytes of a file of the user's that rolesh is about to edit (a config file, a
  /// kubeconfig): nothing when it does not exist yet; anything else that keeps it from being
  /// read (a directory, a FIFO, too large, no permission) is a configuration error naming it.
  package static func readUserFile(_ path: String) throws -> [UInt8] {
    let result = read(path)
    switch result {
    case .contents(let bytes): return bytes
    case .missing: return []
    default: throw GeneralError(result.problem(path) ?? "cannot read \(path)", status: .configuration)
    }
  }

  /// Replaces a file that belongs to the user (`~/.aws/config`, `~/.aws/credentials`) and that
  /// they may keep elsewhere through a link, keeping the link:
  /// - a symbolic link (a dotfiles repository) is followed, hop by hop, and its target replaced
  ///   atomically (`writeAtomically` beside the target, the target's mode kept);
  /// - a file with more than one name (a hard link) is rewritten in place, since a rename would
  ///   split the names: its old bytes are first saved beside it (`NAME.rolesh-backup`, 0600),
  ///   put back if the rewrite fails, and removed once the new bytes are on disk;
  /// - any other file is replaced atomically with its own mode; a new one gets `newFileMode`.
  package static func replaceUserFile(_ bytes: [UInt8], at path: String, newFileMode: mode_t = 0o600) throws {
    let target = try followLinks(path)
    var info = stat()
    guard stat(target, &info) == 0 else {
      if let slash = target.lastIndex(of: "/"), slash != target.startIndex {
        try makeDirectories(String(target[..<slash]), mode: 0o700)
      }
      return try writeAtomically(bytes, to: target, mode: newFileMode)
    }
    guard (info.st_mode & S_IFMT) == S_IFREG else { throw FileSystemError(path: target, operation: "replace", errno: EINVAL) }
    let mode = info.st_mode & 0o7777
    guard info.st_nlink > 1 else { return try writeAtomically(bytes, to: target, mode: mode) }
    guard case .contents(let old) = read(target) else { throw FileSystemError(path: target, operation: "read", errno: EIO) }
    let backup = target + ".rolesh-backup"
    try writeAtomically(old, to: backup, mode: 0o600)
    do {
      try rewriteInPlace(bytes, at: target)
    } catch {
      if (try? rewriteInPlace(old, at: target)) != nil { unlink(backup) }
      throw error
    }
    unlink(backup)
  }

  /// The file `path` names once every symbolic link is followed (up to 40 hops); a dangling
  /// link gives the path it points at.
  package static func followLinks(_ path: String) throws -> String {
    var current = path
    for _ in 0..<40 {
      var info = stat()
      guard lstat(current, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return current }
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let length = readlink(current, &buffer, buffer.count - 1)
      guard length > 0 else { throw FileSystemError(path: current, operation: "read the link", errno: errno) }
      let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      if destination.hasPrefix("/") {
        current = destination
      } else {
        let directory = current.lastIndex(of: "/").map { String(current[...$0]) } ?? ""
        current = directory + destination
      }
    }
    throw FileSystemError(path: path, operation: "follow the links of", errno: ELOOP)
  }

  private static func rewriteInPlace(_ bytes: [UInt8], at path: String) throws {
    let fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW)
    guard fd >= 0 else { throw FileSystemError(path: path, operation: "open", errno: errno) }
    defer { close(fd) }
    var offset = 0
    while offset < bytes.count {
      let written = bytes.withUnsafeBytes { pwrite(fd, $0.baseAddress! + offset, bytes.count - offset, off_t(offset)) }
      if written < 0 {
        if errno == EINTR { continue }
        throw FileSystemError(path: path, operation: "write", errno: errno)
      }
      offset += written
    }
    guard ftruncate(fd, off_t(bytes.count)) == 0 else { throw FileSystemError(path: path, operation: "truncate", errno: errno) }
    guard fsync(fd) == 0 else { throw FileSystemError(path: path, operation: "fsync", errno: errno) }
  }

  /// Sets a file's times to now, creating it (and its directory, 0700) if needed.
  package static func touch(_ path: String) {
    if let slash = path.lastIndex(of: "/") { try? makeDirectories(String(path[..<slash]), mode: 0o700) }
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW, 0o600)
    if fd >= 0 {
      futimens(fd, nil)
      close(fd)
    }
  }

  /// The canonical absolute form of an existing path: symlinks resolved, `.`/`..` and
  /// repeated slashes removed (`realpath(3)`); `nil` when it does not exist.
  package static func canonicalPath(_ path: String) -> String? {
    guard let resolved = realpath(path, nil) else { return nil }
    defer { free(resolved) }
    return String(cString: resolved)
  }
}

/// A failed file operation, with the path and the system's reason.
package struct FileSystemError: RoleshError, Equatable, Sendable {
  package var path: String
  package var operation: String
  package var code: Int32

  package init(path: String, operation: String, errno code: Int32) {
    self.path = path
    self.operation = operation
    self.code = code
  }

  package var exitStatus: ExitStatus { .failure }
  package var message: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}

extension FileSystem.ReadResult {
  /// Why a file that had to be read was not, for messages; `nil` when it was read.
  package func problem(_ path: String) -> String? {
    switch self {
    case .contents: return nil
    case .missing: return "\(path) does not exist"
    case .directory: return "\(path) is a directory, not a file"
    case .special: return "\(path) is not a regular file (a FIFO, socket or device); refusing to read it"
    case .tooLarge(let size): return "\(path) is too large (\(size) bytes); refusing to read it"
    case .unreadable(let code): return "cannot read \(path): \(String(cString: strerror(code)))"
    }
  }
}
