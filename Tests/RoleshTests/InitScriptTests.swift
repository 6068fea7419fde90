import Foundation
import Testing

@testable import RoleshShell

/// What `rolesh init` prints, pinned by golden files (one per shell, in Snapshots/), and the
/// link between the embedded scripts and the user-facing `shell/` folder.
/// `RECORD_SNAPSHOTS=1 swift test --filter InitScriptTests` rewrites the golden files (and fails,
/// so a recording is never mistaken for a pass).
@Suite struct InitScriptTests {
  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

  @Test(arguments: Shells.names)
  func initOutputMatchesItsGoldenFile(name: String) throws {
    let shell = try #require(Shells.named(name))
    let rolesh = try RoleshRunner()
    defer { rolesh.cleanUp() }
    let result = try rolesh.run(["init", name])
    #expect(result.status == 0)
    #expect(result.stderr.isEmpty)
    // The binary's own path varies between machines; the golden file has a fixed one.
    // `init` prints the executable's resolved path (.build/debug is a symlink): both forms.
    let resolved = URL(fileURLWithPath: RoleshRunner.binary).resolvingSymlinksInPath().path
    let rendered = result.stdout.replacingOccurrences(of: shell.quote(resolved), with: shell.quote("/usr/bin/rolesh"))
      .replacingOccurrences(of: shell.quote(RoleshRunner.binary), with: shell.quote("/usr/bin/rolesh"))
    let golden = Self.snapshots.appendingPathComponent("init.\(name)")
    if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] != nil {
      try rendered.write(to: golden, atomically: true, encoding: .utf8)
      Issue.record("recorded \(golden.path); run again without RECORD_SNAPSHOTS")
      return
    }
    let expected = try String(contentsOf: golden, encoding: .utf8)
    #expect(rendered == expected, "rolesh init \(name) differs from \(golden.path) (RECORD_SNAPSHOTS=1 to accept)")
  }

  /// `shell/rolesh.*` (what users read and what packages install) must be the very files that
  /// are compiled into the binary, and the binary must carry them byte for byte.
  @Test(arguments: Shells.names)
  func shellFolderIsTheEmbeddedScript(name: String) throws {
    let shell = try #require(Shells.named(name))
    let userFacing = Self.root.appendingPathComponent("shell/rolesh.\(name)")
    let embedded = Self.root.appendingPathComponent("Sources/RoleshShell/Scripts/rolesh.\(name)")
    #expect(userFacing.resolvingSymlinksInPath().path == embedded.resolvingSymlinksInPath().path)
    #expect(try String(contentsOf: embedded, encoding: .utf8) == shell.initTemplate)
    #expect(shell.initTemplate.components(separatedBy: "@ROLESH_BIN@").count == 2, "exactly one placeholder")
    let rendered = shell.initScript(binary: "/opt/it's here/rolesh")
    #expect(rendered.contains(shell.quote("/opt/it's here/rolesh")))
    #expect(!rendered.contains("@ROLESH_BIN@"))
  }
}
