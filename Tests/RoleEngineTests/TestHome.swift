import Foundation
import RoleshTestSupport

@testable import RoleEngine
@testable import RoleshAWS
@testable import RoleshCredentials
@testable import RoleshSupport

/// A throw-away HOME with `~/.aws` files, and a runtime over it whose network is a script:
/// the use cases run here without a network, a terminal or a plugin.
final class TestHome {
  static let now = Timestamp(iso8601: "2026-12-01T12:00:00Z")!
  let path: String
  let transport: ScriptedTransport
  var variables: [String: String]
  private(set) var warnings: [String] = []

  init(config: String, credentials: String = "", answers: [ScriptedTransport.Answer] = [], variables: [String: String] = [:]) throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("engine-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path + "/.aws", withIntermediateDirectories: true)
    try config.write(toFile: path + "/.aws/config", atomically: true, encoding: .utf8)
    try credentials.write(toFile: path + "/.aws/credentials", atomically: true, encoding: .utf8)
    transport = ScriptedTransport(answers)
    self.variables = ["HOME": path, "USER": "tester", "AWS_EC2_METADATA_DISABLED": "true", "PWD": path, "XDG_STATE_HOME": path + "/.state"]
      .merging(variables) { $1 }
  }

  deinit { try? FileManager.default.removeItem(atPath: path) }

  var runtime: Runtime {
    Runtime(
      environment: Environment(variables), warn: { [weak self] in self?.warnings.append($0) }, mfa: NoPromptMFA(),
      clock: { Self.now }, sleep: { _ in }, transport: { [transport] in transport },
      secrets: { UnavailableSecretStore(name: $0, reason: "no store in tests") })
  }

  func read(_ relative: String) throws -> String { try String(contentsOfFile: path + "/" + relative, encoding: .utf8) }

  func write(_ text: String, to relative: String) throws {
    let file = path + "/" + relative
    try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try text.write(toFile: file, atomically: true, encoding: .utf8)
  }

  /// The header values of request `index`, names lowercased.
  func headers(_ index: Int) -> [String: String] {
    Dictionary(transport.requests[index].headers.map { ($0.0.lowercased(), $0.1) }) { $1 }
  }
}

/// GetCallerIdentity's answer.
func callerIdentityAnswer(arn: String) -> String {
  """
  <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>
  <Arn>\(arn)</Arn><UserId>AIDA:session</UserId><Account>123456789012</Account>
  </GetCallerIdentityResult></GetCallerIdentityResponse>
  """
}
