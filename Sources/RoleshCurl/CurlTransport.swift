internal import CCurl
import RoleshAWS
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

/// HTTP over libcurl, loaded on first use (see `ccurl.h` for why).
///
/// TLS verification stays on (curl's default); `AWS_CA_BUNDLE` replaces the CA file as the
/// AWS CLI's does. Only HTTP and HTTPS are allowed, and redirects are not followed.
package final class CurlTransport: HTTPTransport {
  private let caBundle: String?
  /// `ROLESH_LIBCURL`: a libcurl to open instead of the soname `libcurl.so.4`.
  private let libraryPath: String?

  package init(environment: Environment) {
    caBundle = environment.nonEmpty("AWS_CA_BUNDLE")
    libraryPath = environment.nonEmpty("ROLESH_LIBCURL")
  }

  /// Collects body bytes and header lines from curl's callbacks.
  private final class Sink {
    var body: [UInt8] = []
    var headers: [String: String] = [:]
    let limit: Int
    var overflowed = false
    init(limit: Int) { self.limit = limit }
  }

  package func send(_ request: HTTPRequest) throws -> HTTPResponse {
    var message = [CChar](repeating: 0, count: 512)
    guard rolesh_curl_load(libraryPath, &message, message.count) == 0 else {
      throw TransportError(
        kind: .libraryMissing, host: request.hostForMessages,
        detail: LibraryHint.curl(path: libraryPath, reason: String(nulTerminated: message)))
    }
    guard let handle = rolesh_curl_easy_init() else {
      throw TransportError(kind: .other, host: request.hostForMessages, detail: "curl_easy_init failed")
    }
    defer { rolesh_curl_easy_cleanup(handle) }
    // A line break in a header would add headers of its own; a NUL would cut the value.
    for (name, value) in request.headers where (name + value).utf8.contains(where: { $0 == 0x0A || $0 == 0x0D || $0 == 0 }) {
      throw TransportError(
        kind: .other, host: request.hostForMessages, detail: "refusing to send header \(TerminalText.sanitized(name)): it holds a line break or NUL")
    }
    var headerList: UnsafeMutablePointer<curl_slist>?
    defer { if let headerList { rolesh_curl_slist_free_all(headerList) } }
    // Empty `Expect:` stops curl's 100-continue round trip; empty `Accept:` drops its default.
    for (name, value) in request.headers + [("Expect", "")] {
      headerList = rolesh_curl_slist_append(headerList, value.isEmpty ? "\(name):" : "\(name): \(value)")
    }
    var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    let sink = Sink(limit: request.responseLimit)
    let context = Unmanaged.passRetained(sink)
    defer { context.release() }

    let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { errorPointer in
      func check(_ result: CURLcode) -> Bool { result == CURLE_OK }
      var ok = true
      ok = ok && check(rolesh_curl_setopt_string(handle, CURLOPT_URL, request.url))
      ok = ok && check(rolesh_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"))
      ok = ok && check(rolesh_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1))
      ok = ok && check(rolesh_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Numbers.milliseconds(request.connectTimeout)))
      ok = ok && check(rolesh_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Numbers.milliseconds(request.totalTimeout)))
      ok = ok && check(rolesh_curl_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorPointer.baseAddress))
      ok = ok && check(rolesh_curl_setopt_pointer(handle, CURLOPT_HTTPHEADER, headerList))
      ok = ok && check(rolesh_curl_setopt_string(handle, CURLOPT_USERAGENT, "rolesh/0.1"))
      if let caBundle { ok = ok && check(rolesh_curl_setopt_string(handle, CURLOPT_CAINFO, caBundle)) }
      switch request.method {
      case "GET":
        ok = ok && check(rolesh_curl_setopt_long(handle, CURLOPT_HTTPGET, 1))
      default:
        // POST and PUT carry the body as given (copied by curl), even when it is empty.
        ok = ok && check(rolesh_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, request.body.count))
        ok = ok && request.body.withUnsafeBufferPointer { body in
          body.withMemoryRebound(to: CChar.self) { chars in
            check(rolesh_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: chars.baseAddress ?? UnsafePointer(strdup("")))))
          }
        }
        if request.method != "POST" {
          ok = ok && check(rolesh_curl_setopt_string(handle, CURLOPT_CUSTOMREQUEST, request.method))
        }
      }
      ok = ok && check(rolesh_curl_setopt_write(handle, { data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
        // Returning less than was given makes curl stop with a write error.
        guard sink.body.count + size * count <= sink.limit else {
          sink.overflowed = true
          return 0
        }
        sink.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: size * count))
        return size * count
      }, context.toOpaque()))
      ok = ok && check(rolesh_curl_setopt_header(handle, { data, size, count, context in
        guard let data, let context else { return 0 }
        let sink = Unmanaged<Sink>.fromOpaque(context).takeUnretainedValue()
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
        if sink.headers.count < 128, let colon = line.firstIndex(of: ":") {
          let name = line[..<colon].lowercased()
          let value = line[line.index(after: colon)...].trimmingCharacters(in: " \t\r\n")
          sink.headers[name] = value
        }
        return size * count
      }, context.toOpaque()))
      guard ok else { return CURLE_FAILED_INIT }
      return rolesh_curl_easy_perform(handle)
    }
    if sink.overflowed {
      throw TransportError(kind: .tooLarge, host: request.hostForMessages, detail: "more than \(request.responseLimit) bytes")
    }
    guard code == CURLE_OK else {
      let detail = errorBuffer[0] != 0 ? String(nulTerminated: errorBuffer) : String(cString: rolesh_curl_easy_strerror(code))
      throw TransportError(kind: Self.kind(of: code), host: request.hostForMessages, detail: detail)
    }
    return HTTPResponse(status: rolesh_curl_response_code(handle), headers: sink.headers, body: sink.body)
  }

  private static func kind(of code: CURLcode) -> TransportError.Kind {
    switch code {
    case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY: return .dns
    case CURLE_COULDNT_CONNECT: return .refused
    case CURLE_OPERATION_TIMEDOUT: return .timeout
    case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
      CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH, CURLE_SSL_INVALIDCERTSTATUS:
      return .tls
    case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE: return .connection
    default: return .other
    }
  }
}

extension StringProtocol {
  fileprivate func trimmingCharacters(in set: String) -> String {
    let scalars = Array(unicodeScalars)
    var lower = 0
    var upper = scalars.count
    while lower < upper, set.unicodeScalars.contains(scalars[lower]) { lower += 1 }
    while upper > lower, set.unicodeScalars.contains(scalars[upper - 1]) { upper -= 1 }
    return PythonText.string(scalars[lower..<upper])
  }
}
