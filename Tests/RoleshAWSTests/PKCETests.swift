import Testing

@testable import RoleshAWS

/// RFC 7636's PKCE vector, and the shapes of verifier and state.
@Suite struct PKCETests {
  /// RFC 7636, appendix B.
  @Test func pkceChallengeMatchesTheRFCVector() {
    #expect(PKCE.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
  }

  @Test func verifiersAndStatesAreFreshAndWellFormed() {
    let verifier = PKCE.verifier()
    #expect(verifier.utf8.count == 64)
    #expect(verifier.utf8.allSatisfy { PKCE.alphabet.contains($0) })
    #expect(PKCE.verifier() != verifier)
    let state = PKCE.uuid()
    let groups = state.split(separator: "-").map(\.count)
    #expect(groups == [8, 4, 4, 4, 12])
    #expect(Array(state.utf8)[14] == UInt8(ascii: "4"))
    #expect(PKCE.uuid() != state)
  }
}
