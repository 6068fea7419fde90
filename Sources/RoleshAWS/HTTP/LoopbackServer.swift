#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// A minimal HTTP/1.1 server on 127.0.0.1 only, on a port the kernel picks: the OAuth callback
/// of `rolesh sso login` and the credential server of `rolesh exec --server`. One request per
/// connection, small requests only (headers up to 16 KiB, no body), answers closed after
/// writing. Nothing listens on any other interface.
package final class LoopbackServer {
  private let socket: Int32
  /// The port the kernel gave.
  package let port: Int

  /// An HTTP request as read from a connection.
  package struct Request: Sendable {
    package var method: String
    /// Path without the query.
    package var path: String
    /// Query parameters, percent-decoded (`+` as space), in order.
    package var query: [(String, String)]
    /// Header names lowercased.
    package var headers: [String: String]

    package func parameter(_ name: String) -> String? { query.first { $0.0 == name }?.1 }
  }

  package init() throws {
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw FileSystemError(path: "127.0.0.1", operation: "open a socket on", errno: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 16) == 0 else {
      let code = errno
      close(fd)
      throw FileSystemError(path: "127.0.0.1", operation: "listen on", errno: code)
    }
    var actual = sockaddr_in()
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &actual) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    socket = fd
    port = Int(UInt16(bigEndian: actual.sin_port))
  }

  deinit { close(socket) }

  /// Stops listening (new connections are refused).
  package func shutdown() { Glibc.shutdown(socket, Int32(SHUT_RDWR)) }

  /// Waits up to `timeout` seconds for a connection and reads its request. `nil` on timeout
  /// or after answering a malformed request (callers loop); otherwise `respond` must be called
  /// with the connection.
  package func next(timeout: Double) -> (request: Request, connection: Int32)? {
    var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
    let ready = poll(&descriptor, 1, Int32(max(0, min(timeout, 3600)) * 1000))
    guard ready > 0 else { return nil }
    let connection = accept(socket, nil, nil)
    guard connection >= 0 else { return nil }
    _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
    // A client that connects and says nothing must not hold the server.
    var limit = timeval(tv_sec: 5, tv_usec: 0)
    setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    setsockopt(connection, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    guard let request = Self.read(connection) else {
      // No recursion into the next connection: a local client sending garbage in a loop must
      // not grow the stack.
      Self.respond(connection, status: 400, body: "bad request\n")
      return nil
    }
    return (request, connection)
  }

  /// Writes a response and closes the connection.
  package static func respond(
    _ connection: Int32, status: Int, contentType: String = "text/plain; charset=utf-8", headers: [(String, String)] = [],
    body: String
  ) {
    let reason = [200: "OK", 302: "Found", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed",
      500: "Internal Server Error", 503: "Service Unavailable"][status] ?? "Status"
    var text = "HTTP/1.1 \(status) \(reason)\r\nContent-Type: \(contentType)\r\nContent-Length: \(body.utf8.count)\r\n"
    for (name, value) in headers { text += "\(name): \(value)\r\n" }
    text += "Connection: close\r\n\r\n" + body
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeMutableBytes { send(connection, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL)) }
      if n <= 0 { break }
      offset += n
    }
    close(connection)
  }

  private static func read(_ connection: Int32) -> Request? {
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while bytes.count < 16384 {
      let n = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, 0) }
      if n <= 0 { break }
      bytes += buffer[0..<n]
      if bytes.count >= 4, bytes.suffix(from: max(0, bytes.count - n - 3)).contains(0x0A),
        String(decoding: bytes, as: UTF8.self).contains("\r\n\r\n")
      {
        break
      }
    }
    let text = String(decoding: bytes, as: UTF8.self)
    guard let headEnd = text.firstRange(of: "\r\n\r\n") else { return nil }
    let lines = text[..<headEnd.lowerBound].split(separator: "\r\n", omittingEmptySubsequences: false)
    let requestLine = lines.first?.split(separator: " ") ?? []
    guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return nil }
    let target = String(requestLine[1])
    var path = target
    var query: [(String, String)] = []
    if let question = target.firstIndex(of: "?") {
      path = String(target[..<question])
      for pair in target[target.index(after: question)...].split(separator: "&") {
        let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        query.append((FormEncoding.decode(parts[0]), parts.count > 1 ? FormEncoding.decode(parts[1]) : ""))
      }
    }
    var headers: [String: String] = [:]
    for line in lines.dropFirst() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      headers[line[..<colon].lowercased()] = PythonText.strip(String(line[line.index(after: colon)...]))
    }
    return Request(method: String(requestLine[0]), path: path, query: query, headers: headers)
  }
}
