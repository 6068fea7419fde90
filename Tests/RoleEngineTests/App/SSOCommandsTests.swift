import Testing

@testable import RoleEngine

/// The pieces of `rolesh sso login` and `populate` that have known answers: RFC 7636's PKCE
/// vector, the shapes of verifier and state, and how account names become profile names.
@Suite struct SSOCommandsTests {
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

  @Test(arguments: [
    ("Acme Prod", "Acme-Prod"), ("acme.prod_01", "acme.prod_01"), ("  Ünïcode   Äccount ", "n-code-ccount"),
    ("[brackets] & #hash", "brackets-hash"), ("---", "account"), ("", "account"), ("a/b", "a-b"),
  ])
  func accountNamesBecomeProfileNameParts(name: String, slug: String) {
    #expect(SSOPopulate.slug(name) == slug)
  }
}
