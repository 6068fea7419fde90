import Foundation
import Testing

@testable import RoleshShell
@testable import RoleshSupport

/// Quoting as a unit: hostile values go through each real shell and must come back byte for
/// byte, never executed.
@Suite struct ShellQuotingTests {
  static let hostile: [String] = [
    "", "plain", "it's", "say \"hi\"", "$(touch PWNED)", "`touch PWNED`", "a; touch PWNED", "line1\nline2",
    "cr\rhere", "tab\there", "ünïcødé ✓ 🙂", "back\\slash\\", "'\"'\"", "$HOME ${HOME} %s %n", "-n", "--",
    "*", "~", "!history", "end\n", String(repeating: "Ab0+/=", count: 350),
  ]

  static func installed(_ shell: String) -> Bool {
    ["/usr/bin/\(shell)", "/bin/\(shell)"].contains { FileManager.default.isExecutableFile(atPath: $0) }
  }

  func run(_ shell: any Shell, _ script: String, in directory: URL) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = shell.name == "fish" ? ["fish", "--no-config", "-c", script] : [shell.name, "-c", script]
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return data
  }

  @Test(arguments: Shells.names)
  func hostileValuesArriveLiterally(name: String) throws {
    let dialect = try #require(Shells.named(name))
    try #require(Self.installed(name), "\(name) is not installed")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quote-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for value in Self.hostile {
      let printed = try run(dialect, "printf '%s' \(dialect.quote(value))", in: directory)
      #expect(String(decoding: printed, as: UTF8.self) == value, "quote(\(value.debugDescription))")
      let exported = try run(dialect, "\(dialect.render(.set("ROLESH_Q", value))) printf '%s' \"$ROLESH_Q\"", in: directory)
      #expect(String(decoding: exported, as: UTF8.self) == value, "export(\(value.debugDescription))")
    }
    #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("PWNED").path))
  }

  @Test func stateNeverHoldsSecrets() {
    var state = ShellState()
    state.managed["AWS_SECRET_ACCESS_KEY"] = ShellState.fingerprint("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
    let text = state.encoded.compactMap(\.1).joined(separator: " ")
    #expect(!text.contains("wJalr"))
    #expect(ShellState.fingerprint("a") != ShellState.fingerprint("b"))
  }

  @Test func oldStampFilesArePruned() throws {
    let home = FileManager.default.temporaryDirectory.appendingPathComponent("stamps-\(UUID().uuidString)")
    let stamps = home.appendingPathComponent(".local/state/rolesh/stamps")
    try FileManager.default.createDirectory(at: stamps, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: home) }
    let old = stamps.appendingPathComponent("bash-1")
    let fresh = stamps.appendingPathComponent("zsh-2")
    for file in [old, fresh] { _ = FileManager.default.createFile(atPath: file.path, contents: nil) }
    try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-8 * 86400)], ofItemAtPath: old.path)
    StampFiles.prune(Environment(["HOME": home.path]))
    #expect(!FileManager.default.fileExists(atPath: old.path))
    #expect(FileManager.default.fileExists(atPath: fresh.path))
  }
}
