#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Small, allocation-light file helpers over POSIX calls (RoleEngine avoids Foundation on the
/// warm path: its start-up cost is a large share of a 2 ms budget).
package enum FileSystem {
  /// The bytes of a regular file, or `nil` when the path is missing, is not a regular file
  /// (a directory, say) or cannot be read — the cases botocore treats as an empty file.
  package static func readRegularFile(_ path: String) -> [UInt8]? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var info = stat()
    guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
    // Read straight into an array of the file's size (no intermediate buffer), then keep
    // reading in case the file grew meanwhile.
    let size = Int(info.st_size)
    var failed = false
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
      count = 0
      while count < size {
        let n = read(fd, buffer.baseAddress! + count, size - count)
        if n < 0 && errno == EINTR { continue }
        if n < 0 { failed = true; break }
        if n == 0 { break }
        count += n
      }
    }
    if failed { return nil }
    var chunk = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if count < 0 {
        if errno == EINTR { continue }
        return nil
      }
      if count == 0 { break }
      bytes.append(contentsOf: chunk[0..<count])
    }
    return bytes
  }

  /// Whether something exists at the path (following links).
  package static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  /// Modification time in seconds since the epoch, following links.
  package static func modificationTime(_ path: String) -> Int? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return Int(info.st_mtim.tv_sec)
  }
}

/// A failed file operation, with the path and the system's reason.
package struct FileSystemError: Error, Equatable, Sendable, CustomStringConvertible {
  package var path: String
  package var operation: String
  package var code: Int32

  package init(path: String, operation: String, errno code: Int32) {
    self.path = path
    self.operation = operation
    self.code = code
  }

  package var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
}

extension FileSystem {
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
  /// written, fsync'd, renamed over the target, then the directory fsync'd.
  package static func writeAtomically(_ bytes: [UInt8], to path: String, mode: mode_t) throws {
    let directory = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    var template = Array((directory + "/tmpXXXXXXXX.tmp").utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { mkstemps($0.baseAddress!, 4) }
    guard fd >= 0 else { throw FileSystemError(path: directory, operation: "create a temporary file in", errno: errno) }
    let temporary = String(cString: template)
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
    if failure == nil && fsync(fd) != 0 { failure = FileSystemError(path: temporary, operation: "fsync", errno: errno) }
    close(fd)
    if failure == nil && rename(temporary, path) != 0 { failure = FileSystemError(path: path, operation: "rename onto", errno: errno) }
    if let failure {
      unlink(temporary)
      throw failure
    }
    let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if directoryFD >= 0 {
      fsync(directoryFD)
      close(directoryFD)
    }
  }
}

extension FileSystem {
  /// A regular file (following links).
  package static func isRegularFile(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG
  }

  /// Sets a file's times to now, creating it (and its directory, 0700) if needed.
  package static func touch(_ path: String) {
    if let slash = path.lastIndex(of: "/") { try? makeDirectories(String(path[..<slash]), mode: 0o700) }
    let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
    if fd >= 0 {
      futimens(fd, nil)
      close(fd)
    }
  }
}
