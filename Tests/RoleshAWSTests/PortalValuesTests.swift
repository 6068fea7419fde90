import Testing

@testable import RoleshAWS

/// What IAM Identity Center answers is checked for the shape AWS gives it before it is written
/// into the config or sent back in a header.
@Suite struct PortalValuesTests {
  @Test(arguments: ["123456789012", "000000000000"])
  func accountIdsAccepted(text: String) { #expect(PortalValues.isAccountId(text)) }

  @Test(arguments: ["12345678901", "1234567890123", "12345678901a", "123456789012\n[profile x]", "１２３４５６７８９０１２", ""])
  func accountIdsRefused(text: String) { #expect(!PortalValues.isAccountId(text)) }

  @Test(arguments: ["Admin", "ReadOnlyAccess", "a+b=c,d.e@f_g-h", String(repeating: "r", count: 64)])
  func roleNamesAccepted(text: String) { #expect(PortalValues.isRoleName(text)) }

  @Test(arguments: [
    "", String(repeating: "r", count: 65), "Admin\ncredential_process = sh -c x", "Admin\n  x", "# BEGIN rolesh sso populate: sso-session lab",
    "Ad min", "Admin]", "Adminé", "Admin\u{202E}",
  ])
  func roleNamesRefused(text: String) { #expect(!PortalValues.isRoleName(text)) }

  @Test func tokens() {
    #expect(PortalValues.isToken("aoa:AbC.def-_~+/="))
    #expect(!PortalValues.isToken(""))
    #expect(!PortalValues.isToken("abc\r\nX-Injected: 1"))
    #expect(!PortalValues.isToken("abc\u{0}def"))
    #expect(!PortalValues.isToken("abc def"))
    #expect(!PortalValues.isToken(String(repeating: "a", count: 65537)))
  }
}
