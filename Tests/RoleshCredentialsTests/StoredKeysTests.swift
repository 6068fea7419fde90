import Testing

@testable import RoleshCredentials
@testable import RoleshSupport

/// rolesh's own `credential_process` line, and the key shapes it stores.
@Suite struct StoredKeysTests {
  @Test func onlyRoleshsOwnLineForThisProfileIsRecognised() {
    let line = StoredKeysLine.command(binary: "/usr/bin/rolesh", profile: "my team")
    #expect(line == "/usr/bin/rolesh keys credential-process 'my team'")
    #expect(StoredKeysLine.profile(servedBy: line) == "my team")
    #expect(StoredKeysLine.profile(servedBy: "rolesh keys credential-process a") == "a")
    #expect(StoredKeysLine.profile(servedBy: "/usr/bin/rolesh keys credential-process a --no-session") == nil)
    #expect(StoredKeysLine.profile(servedBy: "/usr/bin/notrolesh keys credential-process a") == nil)
    #expect(StoredKeysLine.profile(servedBy: "aws-vault exec a --json") == nil)
  }

  @Test func keysAreCheckedAndRoundTrip() throws {
    let key = try StoredKey.checked(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    #expect(StoredKey(payload: key.payload) == key)
    #expect(StoredKey(payload: Array("not json".utf8)) == nil)
    #expect(throws: GeneralError.self) { try StoredKey.checked(accessKeyId: "akia lower", secretAccessKey: String(repeating: "s", count: 40)) }
    #expect(throws: GeneralError.self) { try StoredKey.checked(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "short") }
    #expect(throws: GeneralError.self) {
      try StoredKey.checked(accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: String(repeating: "s", count: 39) + "\n")
    }
  }
}
