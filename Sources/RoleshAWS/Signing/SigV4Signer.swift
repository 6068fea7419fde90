import RoleshSupport

/// AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html),
/// as botocore's `SigV4Auth` computes it for non-S3 services: dot segments removed from the
/// path and the path URI-encoded again, query pairs re-encoded and sorted, header values with
/// runs of whitespace folded, duplicate headers joined with `,`.
package struct SigV4Signer: Sendable {
  package var accessKeyId: String
  package var secretAccessKey: String
  package var sessionToken: String?
  package var region: String
  package var service: String

  package init(accessKeyId: String, secretAccessKey: String, sessionToken: String?, region: String, service: String) {
    self.accessKeyId = accessKeyId
    self.secretAccessKey = secretAccessKey
    self.sessionToken = sessionToken
    self.region = region
    self.service = service
  }

  /// Headers botocore never signs (a proxy or curl may change them).
  static let unsignedHeaders: Set<String> = ["expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"]

  /// The intermediate texts, for tests against the official suite.
  package struct Signature: Equatable {
    package var canonicalRequest: String
    package var stringToSign: String
    package var authorization: String
    /// The headers to send: the caller's, plus `X-Amz-Date`, `X-Amz-Security-Token` and
    /// `Authorization`.
    package var headers: [(String, String)]

    package static func == (lhs: Signature, rhs: Signature) -> Bool {
      lhs.canonicalRequest == rhs.canonicalRequest && lhs.stringToSign == rhs.stringToSign
        && lhs.authorization == rhs.authorization
    }
  }

  /// Signs a request at `time` (`YYYYMMDDTHHMMSSZ` is derived from it).
  package func sign(
    method: String, url: ParsedURL, headers: [(String, String)], body: [UInt8], time: Timestamp
  ) -> Signature {
    let amzDate = Self.amzDate(time)
    var headers = headers.filter { $0.0.lowercased() != "x-amz-date" }
    headers.append(("X-Amz-Date", amzDate))
    if let sessionToken, !headers.contains(where: { $0.0.lowercased() == "x-amz-security-token" }) {
      headers.append(("X-Amz-Security-Token", sessionToken))
    }
    if !headers.contains(where: { $0.0.lowercased() == "host" }) {
      headers.append(("Host", url.hostHeader))
    }
    // Lowercased names; values folded; duplicates joined in order.
    var canonical: [String: [String]] = [:]
    for (name, value) in headers {
      let lower = name.lowercased()
      guard !Self.unsignedHeaders.contains(lower) else { continue }
      canonical[lower, default: []].append(Self.foldWhitespace(value))
    }
    let names = canonical.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    let signedHeaders = names.joined(separator: ";")
    let canonicalHeaders = names.map { "\($0):\(canonical[$0, default: []].joined(separator: ","))" }.joined(separator: "\n")
    let canonicalRequest = [
      method.uppercased(),
      Self.canonicalPath(url.path),
      Self.canonicalQuery(url.query),
      canonicalHeaders + "\n",
      signedHeaders,
      Digest.hex(Digest.sha256(body)),
    ].joined(separator: "\n")
    let date = String(amzDate.prefix(8))
    let scope = "\(date)/\(region)/\(service)/aws4_request"
    let stringToSign = [
      "AWS4-HMAC-SHA256", amzDate, scope, Digest.hex(Digest.sha256(Array(canonicalRequest.utf8))),
    ].joined(separator: "\n")
    var key = Digest.hmacSHA256(key: Array("AWS4\(secretAccessKey)".utf8), message: Array(date.utf8))
    for part in [region, service, "aws4_request"] { key = Digest.hmacSHA256(key: key, message: Array(part.utf8)) }
    let signature = Digest.hex(Digest.hmacSHA256(key: key, message: Array(stringToSign.utf8)))
    let authorization =
      "AWS4-HMAC-SHA256 Credential=\(accessKeyId)/\(scope), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    headers.append(("Authorization", authorization))
    return Signature(
      canonicalRequest: canonicalRequest, stringToSign: stringToSign, authorization: authorization, headers: headers)
  }

  /// `YYYYMMDDTHHMMSSZ`.
  package static func amzDate(_ time: Timestamp) -> String {
    time.description.filter { $0 != "-" && $0 != ":" }
  }

  /// `' '.join(value.split())`: trim and collapse whitespace runs.
  static func foldWhitespace(_ value: String) -> String {
    var words: [String] = []
    var current = String.UnicodeScalarView()
    for scalar in value.unicodeScalars {
      if PythonText.isSpace(scalar) {
        if !current.isEmpty { words.append(String(current)); current = String.UnicodeScalarView() }
      } else {
        current.append(scalar)
      }
    }
    if !current.isEmpty { words.append(String(current)) }
    return words.joined(separator: " ")
  }

  /// RFC 3986 dot-segment removal (empty segments dropped, as AWS requires), then each byte
  /// outside `A-Za-z0-9-._~/` percent-encoded.
  static func canonicalPath(_ path: String) -> String {
    guard !path.isEmpty else { return "/" }
    var output: [Substring] = []
    for segment in path.split(separator: "/", omittingEmptySubsequences: false) where !segment.isEmpty && segment != "." {
      if segment == ".." {
        if !output.isEmpty { output.removeLast() }
      } else {
        output.append(segment)
      }
    }
    let first = path.hasPrefix("/") ? "/" : ""
    let last = path.hasSuffix("/") && !output.isEmpty ? "/" : ""
    return percentEncode(first + output.joined(separator: "/") + last, keeping: "/")
  }

  /// Pairs split at the first `=`, decoded, encoded again with the unreserved set, sorted by
  /// key then value.
  static func canonicalQuery(_ query: String?) -> String {
    guard let query, !query.isEmpty else { return "" }
    let pairs: [(String, String)] = query.split(separator: "&").map { pair in
      let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
      let key = percentEncode(percentDecode(parts[0]), keeping: "")
      let value = parts.count > 1 ? percentEncode(percentDecode(parts[1]), keeping: "") : ""
      return (key, value)
    }
    return pairs.sorted { a, b in
      a.0 == b.0 ? a.1.utf8.lexicographicallyPrecedes(b.1.utf8) : a.0.utf8.lexicographicallyPrecedes(b.0.utf8)
    }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
  }

  /// Percent-encodes UTF-8 bytes outside the unreserved set (and `extra`), uppercase hex.
  package static func percentEncode(_ text: String, keeping extra: String) -> String {
    let keep = Set(extra.utf8)
    var out = [UInt8]()
    let hex = Array("0123456789ABCDEF".utf8)
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
        UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
        out.append(byte)
      default:
        if keep.contains(byte) {
          out.append(byte)
        } else {
          out += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
        }
      }
    }
    return String(decoding: out, as: UTF8.self)
  }

  static func percentDecode<S: StringProtocol>(_ text: S) -> String {
    var out = [UInt8]()
    let bytes = Array(text.utf8)
    var index = 0
    func value(_ byte: UInt8) -> UInt8? {
      switch byte {
      case 0x30...0x39: return byte - 0x30
      case 0x41...0x46: return byte - 0x41 + 10
      case 0x61...0x66: return byte - 0x61 + 10
      default: return nil
      }
    }
    while index < bytes.count {
      if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count, let high = value(bytes[index + 1]),
        let low = value(bytes[index + 2])
      {
        out.append(high << 4 | low)
        index += 3
      } else {
        out.append(bytes[index])
        index += 1
      }
    }
    return String(decoding: out, as: UTF8.self)
  }
}

/// Form bodies encoded exactly as Python's `urlencode` does (what botocore sends and moto
/// verifies): unreserved bytes kept, space as `+`, everything else `%XX` in uppercase.
package enum FormEncoding {
  package static func encode(_ pairs: [(String, String)]) -> String {
    pairs.map { "\(component($0.0))=\(component($0.1))" }.joined(separator: "&")
  }

  static func component(_ text: String) -> String {
    SigV4Signer.percentEncode(text, keeping: " ").replacingSpaces()
  }

  /// The reverse of `component`: `+` is a space, `%XX` a byte.
  package static func decode<S: StringProtocol>(_ text: S) -> String {
    SigV4Signer.percentDecode(String(decoding: text.utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 }, as: UTF8.self))
  }
}

extension String {
  fileprivate func replacingSpaces() -> String {
    String(decoding: utf8.map { $0 == UInt8(ascii: " ") ? UInt8(ascii: "+") : $0 }, as: UTF8.self)
  }
}
