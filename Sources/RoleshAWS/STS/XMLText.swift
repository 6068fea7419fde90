/// Pulls element text out of the small, flat XML documents STS returns. STS answers are
/// machine-generated and shallow; a full parser would add weight without adding safety.
enum XMLText {
  /// Text of the first `<tag>…</tag>` (after `within`'s opening tag, if given), entities decoded.
  static func value(_ tag: String, in document: String, within: String? = nil) -> String? {
    var scope = document[...]
    if let within {
      guard let open = scope.range(ofTag: "<\(within)>") ?? scope.range(ofTag: "<\(within) ") else { return nil }
      scope = scope[open.upperBound...]
      if let close = scope.range(ofTag: "</\(within)>") { scope = scope[..<close.lowerBound] }
    }
    guard let open = scope.range(ofTag: "<\(tag)>") else { return nil }
    let rest = scope[open.upperBound...]
    guard let close = rest.range(ofTag: "</\(tag)>") else { return nil }
    return decodeEntities(String(rest[..<close.lowerBound]))
  }

  static func decodeEntities(_ text: String) -> String {
    guard text.contains("&") else { return text }
    var out = ""
    var index = text.startIndex
    while index < text.endIndex {
      if text[index] == "&", let semicolon = text[index...].firstIndex(of: ";") {
        let entity = text[text.index(after: index)..<semicolon]
        var replacement: String?
        switch entity {
        case "amp": replacement = "&"
        case "lt": replacement = "<"
        case "gt": replacement = ">"
        case "quot": replacement = "\""
        case "apos": replacement = "'"
        default:
          if entity.hasPrefix("#x"), let code = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(code) {
            replacement = String(scalar)
          } else if entity.hasPrefix("#"), let code = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(code) {
            replacement = String(scalar)
          }
        }
        if let replacement {
          out += replacement
          index = text.index(after: semicolon)
          continue
        }
      }
      out.append(text[index])
      index = text.index(after: index)
    }
    return out
  }
}

extension Substring {
  /// Byte-wise search (tags are ASCII), so it needs no Foundation.
  func range(ofTag needle: String) -> Range<Substring.Index>? {
    let pattern = Array(needle.utf8)
    let bytes = utf8
    guard let first = pattern.first else { return nil }
    var index = bytes.startIndex
    while index < bytes.endIndex {
      if bytes[index] == first {
        var a = index
        var matched = true
        for byte in pattern {
          guard a < bytes.endIndex, bytes[a] == byte else { matched = false; break }
          a = bytes.index(after: a)
        }
        if matched { return index..<a }
      }
      index = bytes.index(after: index)
    }
    return nil
  }
}
