import Foundation
import Testing

/// Runs the built `rolesh` binary the way a user would, capturing stdout, stderr and the exit
/// status separately (swift-argument-parser's `AssertExecuteCommand` pattern).
struct RoleshRunner {
  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// `ROLESH_BINARY`, else the debug build next to this package.
  static var binary: String {
    if let path = ProcessInfo.processInfo.environment["ROLESH_BINARY"] { return path }
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent(".build/debug/rolesh").path
  }

  /// A throw-away HOME with `~/.aws/config` and `~/.aws/credentials`.
  let home: URL

  init(config: String? = nil, credentials: String? = nil) throws {
    home = FileManager.default.temporaryDirectory.appendingPathComponent("rolesh-test-\(UUID().uuidString)")
    let aws = home.appendingPathComponent(".aws")
    try FileManager.default.createDirectory(at: aws, withIntermediateDirectories: true)
    if let config { try Data(config.utf8).write(to: aws.appendingPathComponent("config")) }
    if let credentials { try Data(credentials.utf8).write(to: aws.appendingPathComponent("credentials")) }
  }

  func write(_ bytes: [UInt8], to relativePath: String) throws {
    try Data(bytes).write(to: home.appendingPathComponent(relativePath))
  }

  func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: Self.binary)
    process.arguments = arguments
    var env = ["HOME": home.path, "PATH": "/usr/bin:/bin", "USER": "tester", "AWS_EC2_METADATA_DISABLED": "true"]
    env.merge(environment) { _, new in new }
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  func json(_ text: String) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(text.utf8))
    return try #require(object as? [String: Any])
  }

  func cleanUp() { try? FileManager.default.removeItem(at: home) }
}
