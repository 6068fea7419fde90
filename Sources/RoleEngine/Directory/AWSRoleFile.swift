#if canImport(Glibc)
  import Glibc
#endif

/// A `.awsrole` file (design.md §3): either a single profile name, or `key = value` lines for
/// `profile`, `mode` (keys|profile) and `region`; `#` comments and blank lines allowed.
/// It is data, never code: nothing in it is ever evaluated.
package struct AWSRoleFile: Equatable, Sendable {
  package var path: String
  package var profile: String
  package var mode: ShellMode?
  package var region: String?

  /// A `.awsrole` problem, naming file and line.
  package struct ParseError: Error, Equatable, CustomStringConvertible {
    package var path: String
    package var line: Int
    package var message: String
    package var description: String { "\(path):\(line): \(message)" }
  }

  /// The nearest `.awsrole` at or above `directory` (an absolute path), if any.
  package static func find(from directory: String) -> String? {
    var current = directory
    while true {
      let candidate = (current == "/" ? "" : current) + "/.awsrole"
      if FileSystem.isRegularFile(candidate) { return candidate }
      guard current != "/", let slash = current.lastIndex(of: "/") else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  package static func parse(_ bytes: [UInt8], path: String) throws -> AWSRoleFile {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw ParseError(path: path, line: 1, message: "not valid UTF-8")
    }
    var lines: [(Int, String)] = []
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = PythonText.strip(String(raw))
      if line.isEmpty || line.hasPrefix("#") { continue }
      lines.append((index + 1, line))
    }
    guard !lines.isEmpty else { throw ParseError(path: path, line: 1, message: "names no profile") }
    if lines.count == 1, !lines[0].1.contains("=") {
      return AWSRoleFile(path: path, profile: lines[0].1, mode: nil, region: nil)
    }
    var file = AWSRoleFile(path: path, profile: "", mode: nil, region: nil)
    var seen = Set<String>()
    for (number, line) in lines {
      guard let equals = line.firstIndex(of: "=") else {
        throw ParseError(path: path, line: number, message: "expected `key = value` (keys: profile, mode, region)")
      }
      let key = PythonText.strip(String(line[..<equals]))
      let value = PythonText.strip(String(line[line.index(after: equals)...]))
      guard seen.insert(key).inserted else { throw ParseError(path: path, line: number, message: "\(key) is set twice") }
      guard !value.isEmpty else { throw ParseError(path: path, line: number, message: "\(key) has no value") }
      switch key {
      case "profile": file.profile = value
      case "region": file.region = value
      case "mode":
        guard let mode = ShellMode(rawValue: value) else {
          throw ParseError(path: path, line: number, message: "mode must be keys or profile, not \(value)")
        }
        file.mode = mode
      default:
        throw ParseError(path: path, line: number, message: "unknown key \(key) (keys: profile, mode, region)")
      }
    }
    guard !file.profile.isEmpty else { throw ParseError(path: path, line: lines[0].0, message: "names no profile") }
    return file
  }
}

/// `rolesh allow` / `rolesh deny`, direnv-style: trust is recorded under a hash of the file's
/// absolute path, its content and the project plugins beside it, so any edit revokes it.
package struct TrustStore {
  package enum Status: Equatable, Sendable {
    case trusted
    case untrusted
    case denied
  }

  package var directory: String

  package init(environment: Environment) {
    directory = StatePaths.dataHome(environment) + "/rolesh/trust"
  }

  /// sha256(path + "\n" + content), then each `.rolesh/plugins/*.lua` beside it in name order.
  package static func hash(path: String) -> String? {
    FileSystem.readRegularFile(path).map { hash(path: path, content: $0) }
  }

  /// The same, for content already read.
  package static func hash(path: String, content: [UInt8]) -> String {
    var material = Array((path + "\n").utf8) + content
    let pluginDirectory = String(path.dropLast(".awsrole".count)) + ".rolesh/plugins"
    for name in FileSystem.listDirectory(pluginDirectory).sorted() where name.hasSuffix(".lua") {
      material += Array("\n\(name)\n".utf8) + (FileSystem.readRegularFile(pluginDirectory + "/" + name) ?? [])
    }
    return Digest.hex(Digest.sha256(material))
  }

  private func denyPath(_ path: String) -> String {
    directory + "/deny/" + Digest.hex(Digest.sha256(Array(path.utf8)))
  }

  package func status(path: String, hash: String) -> Status {
    if FileSystem.exists(denyPath(path)) { return .denied }
    return FileSystem.exists(directory + "/allow/" + hash) ? .trusted : .untrusted
  }

  package func allow(path: String) throws {
    guard let hash = Self.hash(path: path) else {
      throw FileSystemError(path: path, operation: "read", errno: 2)
    }
    try FileSystem.makeDirectories(directory + "/allow", mode: 0o700)
    try FileSystem.writeAtomically(Array((path + "\n").utf8), to: directory + "/allow/" + hash, mode: 0o600)
    unlink(denyPath(path))
  }

  package func deny(path: String) throws {
    try FileSystem.makeDirectories(directory + "/deny", mode: 0o700)
    try FileSystem.writeAtomically(Array((path + "\n").utf8), to: denyPath(path), mode: 0o600)
    if let hash = Self.hash(path: path) { unlink(directory + "/allow/" + hash) }
  }
}
