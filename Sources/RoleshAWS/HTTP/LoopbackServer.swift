#if canImport(Glibc)
  import Glibc
#endif
import RoleshSupport

/// A minimal HTTP/1.1 server on 127.0.0.1 only, on a port the kernel picks: the OAuth callback
/// of `rolesh sso login` and the credential server of `rolesh exec --server`. One request per
/// connection, small requests only (headers up to 16 KiB, no body), answers closed after
/// writing. Nothing listens on any other interface.
///
/// Any local process can connect, so no client may hold the server: connections are read side
/// by side without blocking (one thread, `poll`), each must deliver its whole request within
/// `requestDeadline` seconds or is closed, and at most `maxConnections` are read at once (the
/// oldest is dropped for a new one). A client that trickles a byte at a time delays nobody.
package final class LoopbackServer {
  private let socket: Int32
  /// The port the kernel gave.
  package let port: Int
  /// Seconds a connection has, from its accept, to deliver its whole request.
  package var requestDeadline: Double = 5
  /// Connections read at once.
  package static let maxConnections = 64
  /// Bytes of a request's head.
  static let headLimit = 16384

  /// A connection whose request is still arriving.
  private struct Pending {
    var fd: Int32
    var bytes: [UInt8] = []
    var deadline: Double
  }
  private var pending: [Pending] = []

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
    let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
    guard fd >= 0 else { throw FileSystemError(path: "127.0.0.1", operation: "open a socket on", errno: errno) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
    let bound = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard bound == 0, listen(fd, 64) == 0 else {
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

  deinit {
    for connection in pending { close(connection.fd) }
    close(socket)
  }

  /// Stops listening (new connections are refused) and drops connections still being read.
  package func shutdown() {
    Glibc.shutdown(socket, Int32(SHUT_RDWR))
    for connection in pending { close(connection.fd) }
    pending.removeAll()
  }

  /// Waits up to `timeout` seconds for any connection to complete its request, reading every
  /// connection meanwhile. `nil` when none did in time (callers loop); otherwise `respond` must
  /// be called with the connection. Malformed requests are answered 400 here.
  package func next(timeout: Double) -> (request: Request, connection: Int32)? {
    let end = MonotonicClock.seconds() + max(0, min(timeout, 3600))
    while true {
      let now = MonotonicClock.seconds()
      dropExpired(now)
      guard now < end else { return nil }
      var wait = end - now
      for connection in pending { wait = min(wait, connection.deadline - now) }
      var descriptors = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0)]
      descriptors += pending.map { pollfd(fd: $0.fd, events: Int16(POLLIN), revents: 0) }
      let ready = poll(&descriptors, nfds_t(descriptors.count), Int32(max(1, (wait * 1000).rounded(.up))))
      if ready < 0 && errno != EINTR { return nil }
      guard ready > 0 else { continue }
      // Read the connections that have data first (their indices are still those of `pending`).
      var index = pending.count - 1
      while index >= 0 {
        if descriptors[index + 1].revents != 0, let request = readAvailable(at: index) { return request }
        index -= 1
      }
      if descriptors[0].revents != 0 { acceptAll() }
    }
  }

  private func acceptAll() {
    while true {
      let fd = accept(socket, nil, nil)
      guard fd >= 0 else { return }
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
      if pending.count >= Self.maxConnections { close(pending.removeFirst().fd) }
      pending.append(Pending(fd: fd, deadline: MonotonicClock.seconds() + requestDeadline))
    }
  }

  private func dropExpired(_ now: Double) {
    pending.removeAll { connection in
      guard connection.deadline <= now else { return false }
      close(connection.fd)
      return true
    }
  }

  /// Reads what connection `index` has; the request when its head is complete.
  private func readAvailable(at index: Int) -> (request: Request, connection: Int32)? {
    var buffer = [UInt8](repeating: 0, count: 4096)
    var closed = false
    while pending[index].bytes.count <= Self.headLimit {
      let n = buffer.withUnsafeMutableBytes { recv(pending[index].fd, $0.baseAddress, $0.count, 0) }
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        closed = n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)
        break
      }
      pending[index].bytes += buffer[0..<n]
    }
    let connection = pending[index]
    let complete = Self.headEnd(connection.bytes) != nil
    guard complete || closed || connection.bytes.count > Self.headLimit else { return nil }
    pending.remove(at: index)
    // Answers are small and written at once; a client that does not read them is not waited for.
    let flags = fcntl(connection.fd, F_GETFL)
    _ = fcntl(connection.fd, F_SETFL, flags & ~O_NONBLOCK)
    var limit = timeval(tv_sec: 1, tv_usec: 0)
    setsockopt(connection.fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
    guard complete, let request = Self.parse(connection.bytes) else {
      Self.respond(connection.fd, status: 400, body: "bad request\n")
      return nil
    }
    return (request, connection.fd)
  }

  private static func headEnd(_ bytes: [UInt8]) -> Int? {
    guard bytes.count >= 4 else { return nil }
    for index in 0...(bytes.count - 4)
    where bytes[index] == 0x0D && bytes[index + 1] == 0x0A && bytes[index + 2] == 0x0D && bytes[index + 3] == 0x0A {
      return index
    }
    return nil
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

  private static func parse(_ bytes: [UInt8]) -> Request? {
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
