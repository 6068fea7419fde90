import RoleshSupport

extension SigV4Signer {
  /// A presigned GET URL, as botocore's `SigV4QueryAuth` makes one: the operation's parameters,
  /// then `X-Amz-Algorithm`, `X-Amz-Credential`, `X-Amz-Date`, `X-Amz-Expires`,
  /// `X-Amz-SignedHeaders` (and `X-Amz-Security-Token`) in the query, `host` and `headers` signed
  /// but not sent, the empty payload's hash, and `X-Amz-Signature` last.
  package func presignedURL(
    base: String, parameters: [(String, String)], headers: [(String, String)], expires: Int, time: Timestamp
  ) -> String? {
    guard let parsed = ParsedURL(base) else { return nil }
    let amzDate = Self.amzDate(time)
    let date = String(amzDate.prefix(8))
    let scope = "\(date)/\(region)/\(service)/aws4_request"
    var signed: [String: String] = ["host": parsed.hostHeader]
    for (name, value) in headers { signed[name.lowercased()] = Self.foldWhitespace(value) }
    let names = signed.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    var authParameters: [(String, String)] = [
      ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"), ("X-Amz-Credential", "\(accessKeyId)/\(scope)"), ("X-Amz-Date", amzDate),
      ("X-Amz-Expires", String(expires)), ("X-Amz-SignedHeaders", names.joined(separator: ";")),
    ]
    if let sessionToken { authParameters.append(("X-Amz-Security-Token", sessionToken)) }
    let query = (parameters + authParameters).map { Self.percentEncode($0.0, keeping: "") + "=" + Self.percentEncode($0.1, keeping: "") }
      .joined(separator: "&")
    let canonicalRequest = [
      "GET", Self.canonicalPath(parsed.path), Self.canonicalQuery(query),
      names.map { "\($0):\(signed[$0] ?? "")" }.joined(separator: "\n") + "\n", names.joined(separator: ";"),
      Digest.hex(Digest.sha256([])),
    ].joined(separator: "\n")
    let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, Digest.hex(Digest.sha256(Array(canonicalRequest.utf8)))].joined(separator: "\n")
    var key = Digest.hmacSHA256(key: Array("AWS4\(secretAccessKey)".utf8), message: Array(date.utf8))
    for part in [region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, message: Array(part.utf8)) }
    let signature = Digest.hex(Digest.hmacSHA256(key: key, message: Array(stringToSign.utf8)))
    var url = base
    while url.hasSuffix("/") { url.removeLast() }
    return url + "/?" + query + "&X-Amz-Signature=" + signature
  }
}
