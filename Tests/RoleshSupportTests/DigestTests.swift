import Testing

@testable import RoleshSupport

/// FIPS 180-4 example vectors and RFC 4231 HMAC test cases.
@Suite struct DigestTests {
  static let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
  static let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)

  @Test func sha1Vectors() {
    #expect(Digest.hex(Digest.sha1([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    #expect(Digest.hex(Digest.sha1(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
    #expect(Digest.hex(Digest.sha1(Self.long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
    #expect(Digest.hex(Digest.sha1(Self.million)) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
  }

  @Test func sha256Vectors() {
    #expect(Digest.hex(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(Digest.hex(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(Digest.hex(Digest.sha256(Self.long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(Digest.hex(Digest.sha256(Self.million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
  }

  @Test func paddingBoundaries() {
    // 55, 56 and 64 bytes straddle the length field; values from Python's hashlib.
    #expect(Digest.hex(Digest.sha256([UInt8](repeating: 0x61, count: 55))) == "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318")
    #expect(Digest.hex(Digest.sha256([UInt8](repeating: 0x61, count: 56))) == "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a")
    #expect(Digest.hex(Digest.sha256([UInt8](repeating: 0x61, count: 64))) == "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb")
  }

  @Test func hmacRFC4231() {
    let key1 = [UInt8](repeating: 0x0b, count: 20)
    #expect(
      Digest.hex(Digest.hmacSHA256(key: key1, message: Array("Hi There".utf8)))
        == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
    #expect(
      Digest.hex(Digest.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
        == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    // Case 6: a key longer than the block is hashed first.
    let key6 = [UInt8](repeating: 0xaa, count: 131)
    #expect(
      Digest.hex(Digest.hmacSHA256(key: key6, message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
        == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
  }
}
