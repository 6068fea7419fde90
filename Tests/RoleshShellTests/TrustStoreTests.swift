import Foundation
import Testing

@testable import RoleshShell
@testable import RoleshSupport

/// The trust hash frames every part with its length: an allowed `.awsrole` cannot later be
/// split into a shorter file plus a project plugin with the same hash.
@Suite struct TrustStoreTests {
  let root: URL

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("trust-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  /// The old hash: sha256(path + "\n" + content + ("\n" + name + "\n" + plugin)...).
  func oldHash(_ path: String, _ content: String, plugins: [(String, String)]) -> String {
    var material = Array((path + "\n").utf8) + Array(content.utf8)
    for (name, text) in plugins { material += Array("\n\(name)\n".utf8) + Array(text.utf8) }
    return Digest.hex(Digest.sha256(material))
  }

  @Test func splittingAnAllowedFileIntoFileAndPluginChangesTheHash() throws {
    let awsrole = root.appendingPathComponent(".awsrole").path
    let plugins = root.appendingPathComponent(".rolesh/plugins")
    let canonical = try #require(TrustStore.canonical(awsrole))
    // What was allowed: one file whose text happens to contain a plugin's name and body.
    let allowedText = "r\n\n#x.lua\nreturn { session_name = function() return 'evil' end }"
    try allowedText.write(toFile: awsrole, atomically: true, encoding: .utf8)
    let allowed = try TrustStore.hash(canonicalPath: canonical)
    // The split: a shorter file, and a plugin made of the rest.
    try "r\n".write(toFile: awsrole, atomically: true, encoding: .utf8)
    try FileManager.default.createDirectory(at: plugins, withIntermediateDirectories: true)
    try "return { session_name = function() return 'evil' end }".write(
      to: plugins.appendingPathComponent("#x.lua"), atomically: true, encoding: .utf8)
    let split = try TrustStore.hash(canonicalPath: canonical)
    // The old scheme could not tell them apart; the framed one can.
    #expect(
      oldHash(canonical, allowedText, plugins: [])
        == oldHash(canonical, "r\n", plugins: [("#x.lua", "return { session_name = function() return 'evil' end }")]))
    #expect(allowed != split)
  }

  @Test func neverAllowedDirectoriesAreNotRead() throws {
    // A FIFO .awsrole would block any read; status answers from the missing record alone.
    let awsrole = root.appendingPathComponent(".awsrole").path
    #expect(mkfifo(awsrole, 0o600) == 0)
    let store = TrustStore(environment: Environment(["HOME": root.path, "XDG_DATA_HOME": root.appendingPathComponent("data").path]))
    #expect(store.status(path: awsrole) == .untrusted(reason: "new"))
  }
}
