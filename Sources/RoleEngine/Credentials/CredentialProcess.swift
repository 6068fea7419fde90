/// `credential_process` (spec §8): the command split with shell-word rules, run without a
/// shell, its stdout a Version 1 JSON document.
package enum CredentialProcess {
  package static func run(_ command: String, profile: Profile, now: () -> Timestamp) throws -> AWSCredentials {
    guard let arguments = PythonText.shlexSplit(command), !arguments.isEmpty else {
      throw SourceError("credential_process of profile \(profile.name) cannot be split into words: \(command)")
    }
    var credentials = try once(arguments, profile: profile)
    // Credentials already inside the 15-minute refresh window get one more run, as botocore does.
    if let expiration = credentials.expiration, expiration.secondsSinceEpoch - now().secondsSinceEpoch < 900 {
      credentials = try once(arguments, profile: profile)
    }
    if let expiration = credentials.expiration, expiration <= now() {
      throw SourceError("credential_process of profile \(profile.name) returned credentials that expired at \(expiration)")
    }
    return credentials
  }

  static func once(_ arguments: [String], profile: Profile) throws -> AWSCredentials {
    let result: Subprocess.Result
    do {
      result = try Subprocess.run(arguments)
    } catch let error as Subprocess.LaunchError {
      throw SourceError("credential_process of profile \(profile.name): \(error)")
    }
    guard result.status == 0 else {
      let stderr = PythonText.strip(String(decoding: result.stderr, as: UTF8.self))
      throw SourceError(
        "credential_process of profile \(profile.name) exited with status \(result.status)\(stderr.isEmpty ? "" : ": \(stderr)")")
    }
    guard let json = JSON.parse(result.stdout), case .object = json else {
      throw SourceError("credential_process of profile \(profile.name) did not print a JSON object")
    }
    // Python equality: the number 1 (or 1.0), not the string "1".
    guard case .number(let version)? = json["Version"], Double(version) == 1 else {
      let shown = json["Version"].map { $0.serialized() } ?? "<Version key not provided>"
      throw SourceError("credential_process of profile \(profile.name): unsupported version '\(shown)' for credential process provider, supported versions: 1")
    }
    for key in ["AccessKeyId", "SecretAccessKey"] where json[key]?.stringValue == nil {
      throw SourceError("credential_process of profile \(profile.name): missing required key in response: '\(key)'")
    }
    var expiration: Timestamp?
    if let text = json["Expiration"]?.stringValue {
      guard let parsed = Timestamp(iso8601: text) else {
        throw SourceError("credential_process of profile \(profile.name): Expiration \(text) is not a timestamp with a zone")
      }
      expiration = parsed
    }
    return AWSCredentials(
      accessKeyId: json["AccessKeyId"]?.stringValue ?? "", secretAccessKey: json["SecretAccessKey"]?.stringValue ?? "",
      sessionToken: json["SessionToken"]?.stringValue, expiration: expiration,
      accountId: json["AccountId"]?.stringValue ?? profile.text("aws_account_id"))
  }
}

/// Web identity tokens: read raw from their file each time STS is called (spec §3.2).
package enum WebIdentityToken {
  package static func read(_ path: String) throws -> String {
    guard let bytes = FileSystem.readRegularFile(path) else {
      throw SourceError("cannot read the web identity token file \(path)")
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The payload of a JWT (`header.payload.signature`), unverified; `nil` if it is not one.
  package static func claims(_ token: String) -> JSON? {
    let parts = PythonText.strip(token).split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3, let payload = Base64URL.decode(String(parts[1])) else { return nil }
    return JSON.parse(payload)
  }

  /// Fails with a clear message when a JWT's `exp` has passed, instead of asking STS.
  package static func checkNotExpired(_ token: String, file: String, now: Timestamp) throws {
    guard let claims = claims(token), case .number(let text)? = claims["exp"], let exp = Double(text) else { return }
    if Int(exp) <= now.secondsSinceEpoch {
      throw SourceError(
        "the web identity token in \(file) expired at \(Timestamp(secondsSinceEpoch: Int(exp))); refresh the token file")
    }
  }
}

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
