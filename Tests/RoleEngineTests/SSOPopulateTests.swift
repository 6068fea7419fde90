import Foundation
import RoleshTestSupport
import Testing

@testable import RoleEngine
@testable import RoleshAWS
@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// `sso populate`'s naming and block editing, with the portal scripted: what it writes, what it
/// refuses to write, and that the user's own lines stay byte for byte.
@Suite struct SSOPopulateTests {
  static let config = "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\n[profile mine]\nregion = eu-west-1\n"

  func home(accounts: String, roles: [String]) throws -> TestHome {
    let home = try TestHome(
      config: Self.config,
      answers: [.response(200, accounts)] + roles.map { .response(200, $0) },
      variables: ["AWS_ENDPOINT_URL_SSO": "https://portal.test", "AWS_ENDPOINT_URL_SSO_OIDC": "https://oidc.test"])
    let expires = TestHome.now.adding(8 * 3600)
    try home.write(
      #"{"startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "token-1", "expiresAt": "\#(expires)"}"#,
      to: ".aws/sso/cache/" + SSOTokenCache.tokenKey(sessionName: "corp", startURL: "").fileName)
    return home
  }

  func populate(_ home: TestHome) throws -> SSOPopulate {
    let runtime = home.runtime
    let config = try runtime.config()
    let session = try SSOSession.find(named: "corp", profile: nil, profileName: "default", config: config)
    return SSOPopulate(runtime: runtime, config: config, session: session, profile: nil)
  }

  @Test func writesWellFormedPairsAndSkipsTheRest() throws {
    let home = try home(
      accounts: #"{"accountList": [{"accountId": "123456789012", "accountName": "Acme Prod"}, {"accountId": "12\n[profile x]", "accountName": "Evil"}]}"#,
      roles: [#"{"roleList": [{"roleName": "Admin"}, {"roleName": "Ops\ncredential_process = sh"}]}"#])
    let (block, changed) = try populate(home).run(dryRun: false)
    #expect(changed)
    #expect(block.contains("[profile Acme-Prod/Admin]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n"))
    #expect(!block.contains("credential_process") && !block.contains("[profile x]"))
    #expect(home.warnings.count == 2)
    #expect(try home.read(".aws/config") == Self.config + "\n" + block)
    // The portal was asked for roles of the well-formed account only, with the token.
    #expect(home.transport.requests.count == 2)
    #expect(home.headers(1)["x-amz-sso_bearer_token"] == "token-1")
    #expect(home.transport.requests[1].url.contains("account_id=123456789012"))
  }

  @Test func aSecondRunReplacesOnlyItsBlock() throws {
    let accounts = #"{"accountList": [{"accountId": "123456789012", "accountName": "Acme"}]}"#
    let home = try home(accounts: accounts, roles: [#"{"roleList": [{"roleName": "Admin"}]}"#])
    _ = try populate(home).run(dryRun: false)
    let after = try home.read(".aws/config")
    try home.write(after + "\n[profile later]\nregion = us-east-2\n", to: ".aws/config")
    home.transport.answers = [.response(200, accounts), .response(200, #"{"roleList": [{"roleName": "Admin"}, {"roleName": "Audit"}]}"#)]
    _ = try populate(home).run(dryRun: false)
    let text = try home.read(".aws/config")
    #expect(text.hasPrefix(Self.config))
    #expect(text.hasSuffix("# END rolesh sso populate: sso-session corp\n\n[profile later]\nregion = us-east-2\n"))
    #expect(text.contains("[profile Acme/Audit]"))
  }

  @Test(arguments: [
    ("Acme Prod", "Acme-Prod"), ("acme.prod_01", "acme.prod_01"), ("  Ünïcode   Äccount ", "n-code-ccount"),
    ("[brackets] & #hash", "brackets-hash"), ("---", "account"), ("", "account"), ("a/b", "a-b"),
  ])
  func accountNamesBecomeProfileNameParts(name: String, slug: String) {
    #expect(SSOPopulate.slug(name) == slug)
  }
}
