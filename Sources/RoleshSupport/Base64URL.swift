/// Unpadded base64url (RFC 4648 §5), as JWTs use it.
package enum Base64URL {
  package static func decode(_ text: String) -> [UInt8]? {
    var values: [UInt8] = []
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): values.append(byte - 65)
      case UInt8(ascii: "a")...UInt8(ascii: "z"): values.append(byte - 71)
      case UInt8(ascii: "0")...UInt8(ascii: "9"): values.append(byte + 4)
      case UInt8(ascii: "-"), UInt8(ascii: "+"): values.append(62)
      case UInt8(ascii: "_"), UInt8(ascii: "/"): values.append(63)
      case UInt8(ascii: "="): continue
      default: return nil
      }
    }
    if values.count % 4 == 1 { return nil }
    var out: [UInt8] = []
    var index = 0
    while index < values.count {
      let chunk = values[index..<min(index + 4, values.count)]
      let v = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (18 - 6 * UInt32($1.offset)) }
      out.append(UInt8(v >> 16 & 0xFF))
      if chunk.count > 2 { out.append(UInt8(v >> 8 & 0xFF)) }
      if chunk.count > 3 { out.append(UInt8(v & 0xFF)) }
      index += 4
    }
    return out
  }

  package static func encode(_ bytes: [UInt8]) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var out: [UInt8] = []
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      let v = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
      for i in 0..<(chunk.count + 1) { out.append(alphabet[Int(v >> (18 - 6 * UInt32(i)) & 0x3F)]) }
      index += 3
    }
    return String(decoding: out, as: UTF8.self)
  }
}
