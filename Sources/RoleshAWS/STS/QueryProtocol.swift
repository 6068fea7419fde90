import RoleshConfig
import RoleshSupport

/// The AWS query protocol STS and IAM speak: a form POST with `Action` and `Version`, SigV4
/// signed (or not), an XML answer; throttling, 5xx and dropped connections retried.
package struct QueryProtocol {
  package var transport: HTTPTransport
  package var url: String
  package var signingRegion: String
  package var service: String
  package var version: String
  package var maxAttempts = 3
  package var timeout: Double = 30
  package var clock: () -> Timestamp = { .now() }
  package var sleep: (Double) -> Void = MonotonicClock.sleep

  package init(transport: HTTPTransport, url: String, signingRegion: String, service: String, version: String) {
    self.transport = transport
    self.url = url
    self.signingRegion = signingRegion
    self.service = service
    self.version = version
  }

  /// One operation; returns the 2xx body. Errors are `STSError`s (IAM's answers have the same
  /// shape), naming the operation.
  package func call(_ operation: String, _ parameters: [(String, String)], signedWith credentials: AWSCredentials?) throws -> String {
    guard let parsed = ParsedURL(url) else {
      throw ConfigError(.endpointConfig, "the \(service.uppercased()) endpoint \(url) is not a valid http(s) URL")
    }
    let body = Array(FormEncoding.encode([("Action", operation), ("Version", version)] + parameters).utf8)
    return try RetryPolicy.run(maxAttempts: maxAttempts, sleep: sleep) {
      var headers = [("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")]
      if let credentials {
        // Signed on every try: the signature covers the time.
        let signer = SigV4Signer(
          accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
          sessionToken: credentials.sessionToken, region: signingRegion, service: service)
        headers = signer.sign(method: "POST", url: parsed, headers: headers, body: body, time: clock()).headers
      }
      let request = HTTPRequest(method: "POST", url: url, headers: headers, body: body, connectTimeout: min(10, timeout), totalTimeout: timeout)
      let response = try transport.send(request)
      let text = response.text
      if (200..<300).contains(response.status) { return text }
      throw STSError(
        code: XMLText.value("Code", in: text) ?? "HTTP\(response.status)",
        message: XMLText.value("Message", in: text) ?? "HTTP status \(response.status) from \(url)",
        operation: operation, httpStatus: response.status)
    }
  }
}
