import RoleshSupport

/// A `.awsrole` file (docs/contract.md, ".awsrole and trust"): either a single profile name, or `key = value` lines for
/// `profile`, `mode` (keys|profile) and `region`; `#` comments and blank lines allowed.
/// It is data, never code: nothing in it is ever evaluated.
package struct AWSRoleFile: Equatable, Sendable {
  package var path: String
  package var profile: String
  package var mode: ShellMode?
  package var region: String?

  /// A `.awsrole` problem, naming file and line; a configuration error (exit 78).
  package struct ParseError: RoleshError, Equatable {
    package var path: String
    package var line: Int
    package var detail: String
    init(path: String, line: Int, message: String) {
      self.path = path
      self.line = line
      self.detail = message
    }
    package var exitStatus: ExitStatus { .configuration }
    package var location: SourceLocation? { SourceLocation(file: path, line: line) }
    package var message: String { "\(detail) (nothing was changed)" }
  }

  /// The nearest `.awsrole` at or above `directory` (an absolute path), if any.
  package static func find(from directory: String) -> String? {
    var current = directory
    while true {
      let candidate = (current == "/" ? "" : current) + "/.awsrole"
      // Anything but a directory counts (a FIFO is found and then refused, not skipped in
      // favour of a parent's file).
      if FileSystem.exists(candidate) && !FileSystem.isDirectory(candidate) { return candidate }
      guard current != "/", let slash = current.lastIndex(of: "/") else { return nil }
      current = slash == current.startIndex ? "/" : String(current[..<slash])
    }
  }

  /// The largest `.awsrole` rolesh reads (a profile name and two settings fit in a line each).
  package static let sizeLimit = 64 << 10

  /// Reads and parses the file at `path`, refusing anything but a small regular file.
  package static func load(_ path: String) throws -> (file: AWSRoleFile, bytes: [UInt8]) {
    let result = FileSystem.read(path, limit: sizeLimit)
    guard case .contents(let bytes) = result else {
      throw ParseError(path: path, line: 1, message: result.problem(path) ?? "cannot be read")
    }
    return (try parse(bytes, path: path), bytes)
  }

  package static func parse(_ bytes: [UInt8], path: String) throws -> AWSRoleFile {
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw ParseError(path: path, line: 1, message: "not valid UTF-8")
    }
    // Values end up in shell variables: control characters (a NUL above all, which no shell
    // variable can hold) are refused, naming their line.
    for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      if line.unicodeScalars.contains(where: { ($0.value < 0x20 && $0 != "\t" && $0 != "\r") || $0.value == 0x7F }) {
        throw ParseError(path: path, line: index + 1, message: "contains a control character")
      }
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

