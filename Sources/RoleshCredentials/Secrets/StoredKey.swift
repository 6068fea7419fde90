import RoleshAWS
import RoleshSupport

/// A store that failed, with what to do about it. Never holds a secret.
package struct SecretStoreError: RoleshError, Sendable {
  package var backend: String
  package var problem: String

  package init(backend: String, problem: String) {
    self.backend = backend
    self.problem = problem
  }

  package var message: String { "the \(backend) key store: \(problem)" }
  package var exitStatus: ExitStatus { .unavailable }
}

/// An IAM user's long-term key as rolesh stores it: the secret a store keeps for a profile,
/// JSON `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …}`.
package struct StoredKey: Equatable, Sendable {
  package var accessKeyId: String
  package var secretAccessKey: String

  package init(accessKeyId: String, secretAccessKey: String) {
    self.accessKeyId = accessKeyId
    self.secretAccessKey = secretAccessKey
  }

  /// An access key id: 16 to 128 characters of A–Z and 0–9.
  package static func isKeyId(_ text: String) -> Bool {
    (16...128).contains(text.utf8.count) && text.utf8.allSatisfy { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) }
  }

  /// A secret access key: 16 to 128 visible ASCII characters.
  package static func isSecret(_ text: String) -> Bool {
    (16...128).contains(text.utf8.count) && text.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F }
  }

  /// The key, if both parts have their shape; the error says which part does not (never the value).
  package static func checked(accessKeyId: String, secretAccessKey: String) throws -> StoredKey {
    guard isKeyId(accessKeyId) else {
      throw GeneralError("that access key id is not one (16-128 characters of A-Z and 0-9, like AKIA…)", status: .usage)
    }
    guard isSecret(secretAccessKey) else {
      throw GeneralError("that secret access key is not one (16-128 visible characters, no spaces)", status: .usage)
    }
    return StoredKey(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey)
  }

  package var payload: [UInt8] {
    Array(
      JSON.object([("Version", .number("1")), ("AccessKeyId", .string(accessKeyId)), ("SecretAccessKey", .string(secretAccessKey))])
        .serialized(.pythonCompact).utf8)
  }

  package init?(payload: [UInt8]) {
    guard let json = JSON.parse(payload), let id = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue,
      Self.isKeyId(id), Self.isSecret(secret)
    else { return nil }
    self.init(accessKeyId: id, secretAccessKey: secret)
  }

  package var credentials: AWSCredentials { AWSCredentials(accessKeyId: accessKeyId, secretAccessKey: secretAccessKey) }
}

/// What rolesh remembers about stored keys besides the secrets: which store holds each
/// profile's key, the key's id (not a secret), when it was added and last rotated. `list`,
/// `explain` and MFA sessions read it without opening a keyring. `$XDG_DATA_HOME/rolesh/keys.json`,
/// 0600, written atomically.
package struct KeyIndex: Equatable, Sendable {
  package struct Record: Equatable, Sendable {
    package var backend: String
    package var accessKeyId: String
    package var added: Timestamp
    package var rotated: Timestamp?

    package init(backend: String, accessKeyId: String, added: Timestamp, rotated: Timestamp? = nil) {
      self.backend = backend
      self.accessKeyId = accessKeyId
      self.added = added
      self.rotated = rotated
    }
  }

  package var records: [String: Record] = [:]

  package init(records: [String: Record] = [:]) { self.records = records }

  package static func path(_ environment: Environment) -> String { StatePaths.dataHome(environment) + "/rolesh/keys.json" }

  /// The index; empty when there is none (an unreadable one is empty too: the stores still hold the keys).
  package static func load(_ environment: Environment) -> KeyIndex {
    guard let bytes = FileSystem.readRegularFile(path(environment), limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
      case .object(let profiles)? = json["profiles"]
    else { return KeyIndex() }
    var index = KeyIndex()
    for (name, value) in profiles {
      guard let backend = value["backend"]?.stringValue, let id = value["access_key_id"]?.stringValue,
        let added = value["added"]?.stringValue.flatMap(Timestamp.init(iso8601:))
      else { continue }
      index.records[name] = Record(
        backend: backend, accessKeyId: id, added: added, rotated: value["rotated"]?.stringValue.flatMap(Timestamp.init(iso8601:)))
    }
    return index
  }

  package func save(_ environment: Environment) throws {
    let names = records.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    let document = JSON.object([
      (
        "profiles",
        .object(
          names.map { name in
            let record = records[name]!
            return (
              name,
              JSON.object([
                ("backend", .string(record.backend)), ("access_key_id", .string(record.accessKeyId)),
                ("added", .string(record.added.description)), ("rotated", .optional(record.rotated?.description)),
              ])
            )
          })
      )
    ])
    let file = Self.path(environment)
    if let slash = file.lastIndex(of: "/") { try FileSystem.makeDirectories(String(file[..<slash]), mode: 0o700) }
    try FileSystem.writeAtomically(Array((document.serialized() + "\n").utf8), to: file, mode: 0o600)
  }
}
