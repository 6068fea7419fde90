/// The parts of an `http(s)://host[:port]/path?query` URL that signing and endpoint rules use.
/// (RoleEngine avoids Foundation; this is all of URL parsing it needs.)
package struct ParsedURL: Equatable, Sendable {
  package var scheme: String
  /// Host without brackets for IPv6 literals.
  package var host: String
  package var port: Int?
  /// Path as written (`/` when empty).
  package var path: String
  /// Query without `?`, or `nil`.
  package var query: String?

  package init?(_ text: String) {
    guard let schemeEnd = text.firstIndex(of: ":"), text[schemeEnd...].hasPrefix("://") else { return nil }
    scheme = text[..<schemeEnd].lowercased()
    var rest = text[text.index(schemeEnd, offsetBy: 3)...]
    let authorityEnd = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) ?? rest.endIndex
    var authority = rest[..<authorityEnd]
    rest = rest[authorityEnd...]
    if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
    if authority.hasPrefix("[") {
      guard let close = authority.firstIndex(of: "]") else { return nil }
      host = String(authority[authority.index(after: authority.startIndex)..<close])
      let after = authority[authority.index(after: close)...]
      if after.hasPrefix(":") {
        guard let value = Int(after.dropFirst()) else { return nil }
        port = value
      } else if !after.isEmpty {
        return nil
      }
    } else if let colon = authority.lastIndex(of: ":") {
      host = String(authority[..<colon])
      guard let value = Int(authority[authority.index(after: colon)...]) else { return nil }
      port = value
    } else {
      host = String(authority)
    }
    guard !host.isEmpty else { return nil }
    if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
    if let question = rest.firstIndex(of: "?") {
      query = String(rest[rest.index(after: question)...])
      rest = rest[..<question]
    }
    path = rest.isEmpty ? "/" : String(rest)
  }

  /// The `Host` header value: the port only when it is not the scheme's default.
  package var hostHeader: String {
    let name = host.contains(":") ? "[\(host)]" : host
    guard let port, !(scheme == "https" && port == 443), !(scheme == "http" && port == 80) else { return name }
    return "\(name):\(port)"
  }
}

extension HTTPRequest {
  /// `host[:port]` of the URL, for messages.
  package var hostForMessages: String { ParsedURL(url)?.hostHeader ?? url }
}
