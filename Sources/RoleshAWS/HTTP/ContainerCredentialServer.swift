#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// The container credential protocol (what ECS serves and botocore's container provider asks)
/// on 127.0.0.1, for the life of one command (`rolesh exec --server`). SDKs in the command find it through
/// `AWS_CONTAINER_CREDENTIALS_FULL_URI` and `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
///
/// What it serves always has more than `refreshMargin` seconds left when the role's lifetime
/// allows: botocore re-fetches on every use inside 15 minutes, so credentials are re-resolved
/// (through the shared cache and its locks) once fewer than 20 minutes remain. Re-resolving
/// never prompts: MFA comes from the cache, an MFA session or a plugin. If it fails, the
/// current credentials are served while they last.
package final class ContainerCredentialServer {
  /// The `Authorization` value a request must carry: 32 random bytes, base64url.
  package let token: String
  private let listener: LoopbackServer
  private let resolve: () throws -> AWSCredentials
  package var clock: () -> Timestamp = { .now() }
  /// Re-resolve when fewer seconds than this are left.
  package var refreshMargin = 20 * 60
  /// One-line notes for people (stderr).
  package var warn: (String) -> Void = { _ in }
  private var current: AWSCredentials
  private var warnedAboutRefresh = false

  /// The path served; every other path is 404.
  package static let path = "/"

  package init(initial: AWSCredentials, resolve: @escaping () throws -> AWSCredentials) throws {
    guard initial.sessionToken != nil, initial.expiration != nil else {
      throw GeneralError(
        "exec --server serves temporary credentials (the container protocol needs a token and an expiry); these are long-term keys: run the command without --server",
        status: .configuration)
    }
    listener = try LoopbackServer()
    var generator = SystemRandomNumberGenerator()
    token = Base64URL.encode((0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) })
    self.resolve = resolve
    current = initial
  }

  /// `AWS_CONTAINER_CREDENTIALS_FULL_URI`.
  package var url: String { "http://127.0.0.1:\(listener.port)\(Self.path)" }

  /// The credentials to serve now.
  package func credentials() throws -> AWSCredentials {
    let now = clock()
    let left = current.expiration?.seconds(after: now) ?? 0
    if left > refreshMargin { return current }
    do {
      let fresh = try resolve()
      if (fresh.expiration ?? now) > (current.expiration ?? now) { current = fresh }
      warnedAboutRefresh = false
    } catch {
      guard left > 0 else {
        throw GeneralError("the credentials expired and could not be renewed: \(error)", status: .unavailable)
      }
      if !warnedAboutRefresh {
        warn("rolesh: could not renew the served credentials (\(error)); serving the current ones, valid for \(left / 60) more minutes")
        warnedAboutRefresh = true
      }
    }
    return current
  }

  /// The answer to one request: status and JSON body.
  package func response(to request: LoopbackServer.Request) -> (status: Int, body: String) {
    guard request.method == "GET" else { return (405, #"{"Message":"only GET is served"}"#) }
    guard request.path == Self.path else { return (404, #"{"Message":"not found"}"#) }
    guard let given = request.headers["authorization"], Digest.constantTimeEqual(given, token) else {
      return (403, #"{"Message":"invalid Authorization token"}"#)
    }
    do {
      let credentials = try credentials()
      var fields: [(String, JSON)] = [
        ("AccessKeyId", .string(credentials.accessKeyId)), ("SecretAccessKey", .string(credentials.secretAccessKey)),
        ("Token", .optional(credentials.sessionToken)), ("Expiration", .optional(credentials.expiration?.description)),
      ]
      if let account = credentials.accountId { fields.append(("AccountId", .string(account))) }
      return (200, JSON.object(fields).serialized(.pythonCompact))
    } catch {
      return (500, JSON.object([("Message", .string(TerminalText.sanitized("\(error)")))]).serialized(.pythonCompact))
    }
  }

  /// Serves until `finished` returns true; it is asked between requests, at least every
  /// 0.2 seconds.
  package func serve(until finished: () -> Bool) {
    while !finished() {
      guard let (request, connection) = listener.next(timeout: 0.2) else { continue }
      let (status, body) = response(to: request)
      LoopbackServer.respond(connection, status: status, contentType: "application/json", body: body)
    }
    listener.shutdown()
  }
}
