import Testing

@testable import RoleshAWS
@testable import RoleshSupport

/// The credential server's decisions with a clock the test controls: what it serves, when it
/// renews, what it refuses. (Its sockets and a real SDK as its client: test_console_server.py.)
@Suite struct CredentialServerTests {
  static let start = Timestamp(iso8601: "2026-11-29T12:00:00Z")!

  final class Upstream: @unchecked Sendable {
    var calls = 0
    var failing = false
    var lifetime = 3600
    var now = CredentialServerTests.start

    func resolve() throws -> AWSCredentials {
      calls += 1
      if failing { throw GeneralError("needs an MFA code", status: .failure) }
      return AWSCredentials(
        accessKeyId: "ASIA\(calls)", secretAccessKey: "s", sessionToken: "t", expiration: now.adding(lifetime))
    }
  }

  func server(_ upstream: Upstream) throws -> ContainerCredentialServer {
    let initial = AWSCredentials(accessKeyId: "ASIA0", secretAccessKey: "s", sessionToken: "t", expiration: Self.start.adding(3600))
    let server = try ContainerCredentialServer(initial: initial, resolve: upstream.resolve)
    server.clock = { upstream.now }
    return server
  }

  func request(_ method: String = "GET", _ path: String = "/", token: String?) -> LoopbackServer.Request {
    LoopbackServer.Request(method: method, path: path, query: [], headers: token.map { ["authorization": $0] } ?? [:])
  }

  @Test func servesWithoutRenewingWhileMoreThanTheMarginIsLeft() throws {
    let upstream = Upstream()
    let server = try server(upstream)
    upstream.now = Self.start.adding(3600 - 20 * 60 - 1)
    #expect(try server.credentials().accessKeyId == "ASIA0")
    #expect(upstream.calls == 0)
  }

  @Test func renewsAheadOfExpirySoWhatItServesOutlivesBotocoresWindow() throws {
    let upstream = Upstream()
    let server = try server(upstream)
    var served: [String] = []
    // Four hours of requests every five minutes: always more than 15 minutes left.
    for minute in stride(from: 0, through: 240, by: 5) {
      upstream.now = Self.start.adding(minute * 60)
      let credentials = try server.credentials()
      #expect(try #require(credentials.expiration).seconds(after: upstream.now) > 15 * 60)
      served.append(credentials.accessKeyId)
    }
    #expect(Set(served).count >= 5)
    #expect(upstream.calls == Set(served).count - 1)
  }

  @Test func aFailedRenewalServesTheCurrentOnesUntilTheyEndThenFails() throws {
    let upstream = Upstream()
    upstream.failing = true
    let server = try server(upstream)
    var warnings: [String] = []
    server.warn = { warnings.append($0) }
    upstream.now = Self.start.adding(3600 - 600)
    #expect(try server.credentials().accessKeyId == "ASIA0")
    #expect(try server.credentials().accessKeyId == "ASIA0")
    #expect(warnings.count == 1)
    upstream.now = Self.start.adding(3601)
    #expect(throws: GeneralError.self) { try server.credentials() }
    let (status, body) = server.response(to: request(token: server.token))
    #expect(status == 500 && body.contains("could not be renewed"))
  }

  @Test func onlyGETOnThePathWithTheTokenIsAnswered() throws {
    let server = try server(Upstream())
    #expect(server.token.utf8.count >= 40)  // 32 random bytes, base64url
    #expect(server.response(to: request(token: nil)).status == 403)
    #expect(server.response(to: request(token: server.token + "x")).status == 403)
    #expect(server.response(to: request(token: "Bearer " + server.token)).status == 403)
    #expect(server.response(to: request("POST", token: server.token)).status == 405)
    #expect(server.response(to: request("GET", "/other", token: server.token)).status == 404)
    let (status, body) = server.response(to: request(token: server.token))
    #expect(status == 200)
    let json = try #require(JSON.parse(body))
    #expect(json["AccessKeyId"]?.stringValue == "ASIA0" && json["Token"]?.stringValue == "t")
    #expect(json["Expiration"]?.stringValue == "2026-11-29T13:00:00Z")
  }

  @Test func longTermKeysAreRefused() {
    #expect(throws: GeneralError.self) {
      _ = try ContainerCredentialServer(initial: AWSCredentials(accessKeyId: "AKIA", secretAccessKey: "s"), resolve: { throw GeneralError("x") })
    }
  }
}
