#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// `rolesh allow` / `rolesh deny`, direnv-style. Trust is recorded per `.awsrole` under its
/// canonical path, with a hash of its content and of the project plugins beside it, so any
/// edit revokes it.
///
/// Nothing of a directory that was never allowed is read or hashed: the record is looked up by
/// path first, and only a path with a record gets its files read (non-blocking, size-capped).
package struct TrustStore {
  package enum Status: Equatable, Sendable {
    /// Allowed as it is now; `hash` identifies this content (the shell records it).
    case trusted(hash: String)
    /// Never allowed, or edited since (`reason` says which).
    case untrusted(reason: String)
    case denied
  }

  /// `$XDG_DATA_HOME/rolesh/trust`.
  package var directory: String

  package init(environment: Environment) {
    directory = StatePaths.dataHome(environment) + "/rolesh/trust"
  }

  /// The folder of project plugins beside a `.awsrole`.
  package static func pluginDirectory(of awsrole: String) -> String {
    String(awsrole.dropLast(".awsrole".count)) + ".rolesh/plugins"
  }

  /// The project plugins a trust record covers, in name order.
  package static func pluginFiles(of awsrole: String) -> [String] {
    let folder = pluginDirectory(of: awsrole)
    return FileSystem.listDirectory(folder).filter { $0.hasSuffix(".lua") }.sorted().map { folder + "/" + $0 }
  }

  /// The trust hash: every part framed by its length, so no split of one file into a shorter
  /// file and a plugin can produce the same hash. Throws when a part cannot be read safely.
  package static func hash(canonicalPath path: String, content: [UInt8]? = nil) throws -> String {
    var material = Array("rolesh-trust-v2\n".utf8)
    func frame(_ bytes: [UInt8]) {
      material += Array("\(bytes.count):".utf8) + bytes
    }
    func read(_ file: String, limit: Int) throws -> [UInt8] {
      let result = FileSystem.read(file, limit: limit)
      guard case .contents(let bytes) = result else { throw GeneralError(result.problem(file) ?? file, status: .permission) }
      return bytes
    }
    frame(Array(path.utf8))
    frame(Digest.sha256(try content ?? read(path, limit: AWSRoleFile.sizeLimit)))
    for plugin in pluginFiles(of: path) {
      frame(Array(plugin.utf8))
      frame(Digest.sha256(try read(plugin, limit: FileSystem.smallFileLimit)))
    }
    return Digest.hex(Digest.sha256(material))
  }

  /// The canonical path that trust is recorded under: the directory's real path (symlinks,
  /// `.`, `..` and doubled slashes resolved) and the file's own name.
  package static func canonical(_ path: String) -> String? {
    guard let slash = path.lastIndex(of: "/") else { return nil }
    let directory = slash == path.startIndex ? "/" : String(path[..<slash])
    guard let real = FileSystem.canonicalPath(directory) else { return nil }
    return (real == "/" ? "" : real) + String(path[slash...])
  }

  private func recordName(_ canonicalPath: String) -> String { Digest.hex(Digest.sha256(Array(canonicalPath.utf8))) }
  private func allowRecord(_ canonicalPath: String) -> String { directory + "/allow/" + recordName(canonicalPath) }
  private func denyRecord(_ canonicalPath: String) -> String { directory + "/deny/" + recordName(canonicalPath) }

  /// Whether `path` may be applied. `content` is the `.awsrole` when already read.
  package func status(path: String, content: [UInt8]? = nil) -> Status {
    guard let canonicalPath = Self.canonical(path) else { return .untrusted(reason: "not found") }
    if FileSystem.exists(denyRecord(canonicalPath)) { return .denied }
    guard let record = FileSystem.readRegularFile(allowRecord(canonicalPath), limit: 4096) else {
      return .untrusted(reason: "new")
    }
    // The record is `path\nhash\n`.
    let lines = record.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    guard lines.count >= 2 else { return .untrusted(reason: "new") }
    let recorded = String(decoding: lines[1], as: UTF8.self)
    do {
      let hash = try Self.hash(canonicalPath: canonicalPath, content: content)
      return hash == recorded ? .trusted(hash: hash) : .untrusted(reason: "edited")
    } catch {
      return .untrusted(reason: "\(error)")
    }
  }

  /// Trusts `path` as it is now; returns the project plugins trusted with it.
  @discardableResult
  package func allow(path: String) throws -> [String] {
    guard let canonicalPath = Self.canonical(path) else { throw GeneralError("\(path) does not exist") }
    let hash = try Self.hash(canonicalPath: canonicalPath)
    try FileSystem.makeDirectories(directory + "/allow", mode: 0o700)
    try FileSystem.writeAtomically(Array("\(canonicalPath)\n\(hash)\n".utf8), to: allowRecord(canonicalPath), mode: 0o600)
    unlink(denyRecord(canonicalPath))
    return Self.pluginFiles(of: canonicalPath)
  }

  /// Never applies `path` (until allowed again).
  package func deny(path: String) throws {
    guard let canonicalPath = Self.canonical(path) else { throw GeneralError("\(path) does not exist") }
    try FileSystem.makeDirectories(directory + "/deny", mode: 0o700)
    try FileSystem.writeAtomically(Array("\(canonicalPath)\n".utf8), to: denyRecord(canonicalPath), mode: 0o600)
    unlink(allowRecord(canonicalPath))
  }
}
