import RoleshSupport

/// An HTTP request as rolesh makes them: small bodies, a handful of headers.
package struct HTTPRequest: Sendable {
  package var method: String
  package var url: String
  /// Header names and values in the order they are sent.
  package var headers: [(String, String)]
  package var body: [UInt8]
  /// Seconds to establish the connection.
  package var connectTimeout: Double
  /// Seconds for the whole exchange.
  package var totalTimeout: Double
  /// Answers larger than this many bytes are cut off with an error: no answer rolesh expects
  /// is more than a few kilobytes, and a hostile endpoint must not fill the memory.
  package var responseLimit: Int

  package init(
    method: String, url: String, headers: [(String, String)] = [], body: [UInt8] = [],
    connectTimeout: Double = 5, totalTimeout: Double = 30, responseLimit: Int = 1 << 20
  ) {
    self.method = method
    self.url = url
    self.headers = headers
    self.body = body
    self.connectTimeout = connectTimeout
    self.totalTimeout = totalTimeout
    self.responseLimit = responseLimit
  }
}

/// A response: status, headers (names lowercased) and body.
package struct HTTPResponse: Sendable {
  package var status: Int
  package var headers: [String: String]
  package var body: [UInt8]

  package init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  package var text: String { String(decoding: body, as: UTF8.self) }
}

/// Why a request got no HTTP response at all.
package struct TransportError: RoleshError, RetryableFailure, Equatable, Sendable {
  package enum Kind: String, Sendable {
    case dns
    case refused
    case timeout
    case tls
    case connection
    case libraryMissing
    /// The answer was larger than the request's `responseLimit`.
    case tooLarge
    case other
  }

  package var kind: Kind
  /// Host (and port) the request went to.
  package var host: String
  /// curl's own text for the failure.
  package var detail: String

  package init(kind: Kind, host: String, detail: String) {
    self.kind = kind
    self.host = host
    self.detail = detail
  }

  package var exitStatus: ExitStatus { .unavailable }

  package var message: String {
    switch kind {
    case .dns: return "cannot resolve \(host): check the endpoint name and your DNS (\(detail))"
    case .refused: return "connection to \(host) refused: nothing is listening there (\(detail))"
    case .timeout: return "\(host) did not answer in time (\(detail))"
    case .tls: return "TLS failure talking to \(host): the certificate could not be verified; AWS_CA_BUNDLE names a CA file if you need one (\(detail))"
    case .connection: return "connection to \(host) failed (\(detail))"
    case .libraryMissing: return "cannot make network requests: \(detail)"
    case .tooLarge: return "the answer from \(host) is too large (\(detail)); refusing it"
    case .other: return "request to \(host) failed (\(detail))"
    }
  }

  /// Failures worth another attempt.
  package var isRetryable: Bool { kind == .refused || kind == .timeout || kind == .connection }
}

/// Sends HTTP requests. STS, IMDS and the container endpoint depend on this protocol only;
/// `CurlTransport` implements it, tests may substitute another.
package protocol HTTPTransport {
  func send(_ request: HTTPRequest) throws -> HTTPResponse
}
