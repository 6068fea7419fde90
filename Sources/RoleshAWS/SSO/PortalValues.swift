/// What IAM Identity Center answers is data from a server rolesh does not control, and some of
/// it is written into `~/.aws/config` or sent back in HTTP headers. These are the shapes AWS
/// gives those values; anything else is refused before it is used or written (a line break in
/// a role name would otherwise add a `credential_process` line to the user's config).
package enum PortalValues {
  /// An AWS account id: exactly 12 ASCII digits.
  package static func isAccountId(_ text: String) -> Bool {
    text.utf8.count == 12 && text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
  }

  /// An IAM role name: 1 to 64 characters of `[A-Za-z0-9+=,.@_-]` (IAM's own rule).
  package static func isRoleName(_ text: String) -> Bool {
    (1...64).contains(text.utf8.count) && text.utf8.allSatisfy(isRoleNameByte)
  }

  /// A bearer or refresh token: 1 to 65,536 visible ASCII characters. No space, control
  /// character or NUL, so it can go into a header line and a JSON file as it is.
  package static func isToken(_ text: String) -> Bool {
    (1...65536).contains(text.utf8.count) && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
  }

  private static func isRoleNameByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): true
    case UInt8(ascii: "+"), UInt8(ascii: "="), UInt8(ascii: ","), UInt8(ascii: "."), UInt8(ascii: "@"), UInt8(ascii: "_"),
      UInt8(ascii: "-"):
      true
    default: false
    }
  }
}
