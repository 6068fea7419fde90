import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// `rolesh keys add|import|list|remove|rotate|credential-process`: an IAM user's long-term keys
/// kept in a key store (the Secret Service or pass) instead of `~/.aws/credentials`, usable by
/// every AWS tool through the profile's `credential_process` line.
package enum KeysCommands {
  /// The sections a profile's line goes into, and the header written when there is none.
  static func configSection(_ profile: String) -> (names: [String], header: String) {
    profile == "default" ? (["default", "profile default"], "default") : (["profile \(profile)"], "profile \(profile)")
  }

  /// A profile name that can stand in a section header and a command line.
  static func check(_ profile: String) throws {
    guard !profile.isEmpty, profile.utf8.count <= 256, !profile.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
      !profile.contains("]"), profile.first != " ", profile.last != " "
    else {
      throw GeneralError("\(ShellWord.quote(profile)) cannot be a profile name here (no brackets, control characters or outer spaces)", status: .usage)
    }
  }

  /// The keys `rolesh keys add --env` takes: `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`.
  package static func keysFromEnvironment(_ runtime: Runtime) throws -> StoredKey {
    guard let id = runtime.environment.nonEmpty("AWS_ACCESS_KEY_ID"), let secret = runtime.environment.nonEmpty("AWS_SECRET_ACCESS_KEY") else {
      throw GeneralError("--env takes the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY: set both", status: .usage)
    }
    if runtime.environment.nonEmpty("AWS_SESSION_TOKEN") != nil {
      throw GeneralError("these are temporary keys (AWS_SESSION_TOKEN is set): rolesh keys stores an IAM user's long-term keys", status: .usage)
    }
    return try StoredKey.checked(accessKeyId: id, secretAccessKey: secret)
  }

  /// `keys add PROFILE`: stores `key` and writes the profile's `credential_process` line.
  package static func add(_ profile: String, key: StoredKey, runtime: Runtime) throws -> [String] {
    try check(profile)
    let config = try runtime.config()
    let backend = try KeysBackend.choose(profile: config.profile(profile), config: config, environment: runtime.environment)
    let line = StoredKeysLine.command(binary: ShellScripts.currentExecutable(), profile: profile)
    // A profile that runs another credential process is refused before anything is stored.
    let updated = try configWithLine(line, profile: profile, config: config)
    let store = runtime.secrets(backend)
    try store.write(SecretItem(profile: profile), secret: key.payload, label: label(profile, key))
    do {
      try writeConfig(updated, config: config)
    } catch {
      _ = try? store.delete(SecretItem(profile: profile))
      throw error
    }
    var index = KeyIndex.load(runtime.environment)
    index.records[profile] = KeyIndex.Record(backend: backend, accessKeyId: key.accessKeyId, added: runtime.clock())
    try index.save(runtime.environment)
    return [
      "rolesh: stored the key \(key.accessKeyId) of profile \(profile) in \(KeysBackend.describe(backend))",
      "rolesh: \(config.configPath): [\(configSection(profile).header)] credential_process runs rolesh keys credential-process \(ShellWord.quote(profile))",
    ]
  }

  static func label(_ profile: String, _ key: StoredKey) -> String { "rolesh: AWS access key \(key.accessKeyId) (profile \(profile))" }

  /// The config file's bytes with the profile's line set (replacing only rolesh's own line).
  static func configWithLine(_ line: String, profile: String, config: AWSConfig) throws -> [UInt8] {
    var editor = SectionEditor(try FileSystem.readUserFile(config.configPath))
    let section = configSection(profile)
    try editor.set(
      "credential_process", to: line, inSection: section.names, header: section.header,
      replaceable: { StoredKeysLine.profile(servedBy: $0) == profile },
      conflict: { current in
        GeneralError(
          "profile \(profile) already runs credential_process = \(current); remove that line first (rolesh replaces only its own)",
          status: .configuration)
      })
    return editor.bytes
  }

  /// Writes a shared file after checking botocore still reads it; links stay links.
  static func writeUserFile(_ bytes: [UInt8], path: String) throws {
    _ = try INIParser.parse(bytes: bytes, path: path)
    try FileSystem.replaceUserFile(bytes, at: path)
  }

  static func writeConfig(_ bytes: [UInt8], config: AWSConfig) throws { try writeUserFile(bytes, path: config.configPath) }

  // MARK: import

  /// Profiles of the credentials file that hold long-term keys (both keys, no session token).
  package static func importable(runtime: Runtime) throws -> [String] {
    let config = try runtime.config()
    return config.credentialsSectionNames.filter { name in
      guard let section = config.credentialSection(name) else { return false }
      return section["aws_access_key_id"] != nil && section["aws_secret_access_key"] != nil && section["aws_session_token"] == nil
        && section["aws_security_token"] == nil
    }
  }

  /// `keys import [PROFILE…]`: each profile's keys into the store and out of the credentials
  /// file, all or nothing per profile.
  package static func importKeys(_ profiles: [String], runtime: Runtime) throws -> [String] {
    let candidates = try importable(runtime: runtime)
    for profile in profiles where !candidates.contains(profile) {
      throw GeneralError(
        "profile \(profile) has no long-term keys in the credentials file to import (both keys, no session token)", status: .configuration)
    }
    var messages: [String] = []
    for profile in profiles {
      try check(profile)
      let config = try runtime.config()
      guard let section = config.credentialSection(profile), let id = section["aws_access_key_id"]?.text,
        let secret = section["aws_secret_access_key"]?.text
      else { continue }
      let key = try StoredKey.checked(accessKeyId: PythonText.strip(id), secretAccessKey: PythonText.strip(secret))
      messages += try add(profile, key: key, runtime: runtime)
      // The key lines leave the credentials file; everything else in it stays.
      var credentials = SectionEditor(try FileSystem.readUserFile(config.credentialsPath))
      credentials.remove(["aws_access_key_id", "aws_secret_access_key"], inSection: [profile])
      try writeUserFile(credentials.bytes, path: config.credentialsPath)
      messages.append("rolesh: removed the keys of [\(profile)] from \(config.credentialsPath)")
    }
    return messages
  }

  // MARK: list

  /// `keys list [--json]`: profile, store, key id, when added and rotated. Never a secret.
  package static func list(json: Bool, runtime: Runtime) -> String {
    let index = KeyIndex.load(runtime.environment)
    let names = index.records.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    if json {
      return JSON.object([
        (
          "keys",
          .array(
            names.map { name in
              let record = index.records[name]!
              return .object([
                ("profile", .string(name)), ("backend", .string(record.backend)), ("access_key_id", .string(record.accessKeyId)),
                ("added", .string(record.added.description)), ("rotated", .optional(record.rotated?.description)),
              ])
            })
        )
      ]).serialized()
    }
    guard !names.isEmpty else { return "no stored keys (rolesh keys add PROFILE, or rolesh keys import)" }
    let rows = [["PROFILE", "BACKEND", "KEY", "ADDED", "ROTATED"]]
      + names.map { name in
        let record = index.records[name]!
        return [name, record.backend, record.accessKeyId, record.added.description, record.rotated?.description ?? "-"]
      }
    return TextTable.render(rows)
  }

  // MARK: remove

  /// `keys remove PROFILE`: the stored item and rolesh's own line go; nothing else.
  package static func remove(_ profile: String, runtime: Runtime) throws -> [String] {
    let config = try runtime.config()
    let index = KeyIndex.load(runtime.environment)
    let backend = try index.records[profile]?.backend ?? KeysBackend.choose(profile: config.profile(profile), config: config, environment: runtime.environment)
    let removedItem = try runtime.secrets(backend).delete(SecretItem(profile: profile))
    var editor = SectionEditor(try FileSystem.readUserFile(config.configPath))
    let removedLine = editor.remove(["credential_process"], inSection: configSection(profile).names) { _, value in
      StoredKeysLine.profile(servedBy: value) == profile
    }
    if !removedLine.isEmpty { try writeConfig(editor.bytes, config: config) }
    var updated = index
    updated.records[profile] = nil
    if updated != index { try updated.save(runtime.environment) }
    guard removedItem || !removedLine.isEmpty else {
      throw GeneralError("profile \(profile) has no stored keys in \(KeysBackend.describe(backend)) and no rolesh credential_process line", status: .configuration)
    }
    return [
      removedItem ? "rolesh: removed the key of profile \(profile) from \(KeysBackend.describe(backend))" : "rolesh: \(KeysBackend.describe(backend)) had no key for profile \(profile)",
      removedLine.isEmpty ? "rolesh: \(config.configPath) had no rolesh line for profile \(profile)" : "rolesh: removed the credential_process line of profile \(profile) from \(config.configPath)",
    ]
  }

  // MARK: rotate

  /// `keys rotate PROFILE`: a new key created, stored and seen working before the old one is
  /// deleted. At every failure the store holds a key that works, and the message says which key
  /// exists where.
  package static func rotate(_ profile: String, runtime: Runtime) throws -> [String] {
    let session = try CredentialSession(selection: .explicit(profile), runtime: runtime)
    guard let step = session.plan.steps.last as (any ResolutionStep)?, step.longTermKeyId(in: session.config) != nil || step.kind == "stored-keys" else {
      throw GeneralError("profile \(profile) does not use stored keys: rolesh keys add \(ShellWord.quote(profile)) first", status: .configuration)
    }
    let current = try session.credentials()
    let config = session.config
    let environment = runtime.environment
    let index = KeyIndex.load(environment)
    let backend = try index.records[profile]?.backend ?? KeysBackend.choose(profile: config.profile(profile), config: config, environment: environment)
    let sts = try session.stsClient()
    // IAM calls are signed with the key, or with an MFA session of it when the profile names a
    // device (policies that require MFA for IAM).
    var signer = current
    if let serial = config.profile(profile)?.text("mfa_serial"), !serial.isEmpty {
      let code = try runtime.mfa.code(serial: serial, profile: profile)
      signer = try sts.getSessionToken([("SerialNumber", serial), ("TokenCode", code), ("DurationSeconds", "900")], source: current).credentials
    }
    var iam = IAMClient(
      transport: runtime.transport(),
      endpoint: try IAMClient.endpoint(region: session.plan.region, profile: config.profile(profile), config: config, environment: environment))
    iam.query.timeout = try runtime.requestTimeout()
    iam.query.clock = runtime.clock
    iam.query.sleep = runtime.sleep
    let existing = try iam.listAccessKeys(signedWith: signer)
    guard existing.count < 2 else {
      throw GeneralError(
        "the user already has two access keys (\(existing.map(\.accessKeyId).joined(separator: ", "))), IAM's limit: delete the one that is not \(current.accessKeyId) first",
        status: .configuration)
    }
    let created = try iam.createAccessKey(signedWith: signer)
    let fresh = StoredKey(accessKeyId: created.accessKeyId, secretAccessKey: created.secretAccessKey)
    let store = runtime.secrets(backend)
    do {
      try store.write(SecretItem(profile: profile), secret: fresh.payload, label: label(profile, fresh))
    } catch {
      let cleaned = (try? iam.deleteAccessKey(fresh.accessKeyId, signedWith: signer)) != nil
      throw GeneralError(
        "the new key \(fresh.accessKeyId) could not be stored (\(error)); "
          + (cleaned ? "it was deleted in IAM; " : "it still exists in IAM: delete it there; ")
          + "\(KeysBackend.describe(backend)) still holds \(current.accessKeyId), which still works",
        status: .unavailable)
    }
    var updated = index
    updated.records[profile] = KeyIndex.Record(
      backend: backend, accessKeyId: fresh.accessKeyId, added: index.records[profile]?.added ?? runtime.clock(), rotated: runtime.clock())
    try? updated.save(environment)
    // IAM is eventually consistent: the new key may be refused for a few seconds.
    let wait = try environment.seconds("ROLESH_KEYS_ROTATE_WAIT", default: 60, within: 1...600)
    let deadline = MonotonicClock.seconds() + wait
    var delay = 0.5
    var works = false
    while !works {
      works = (try? sts.getCallerIdentity(fresh.credentials)) != nil
      if works || MonotonicClock.seconds() + delay > deadline { break }
      runtime.sleep(delay)
      delay = min(delay * 2, 8)
    }
    guard works else {
      throw GeneralError(
        "the new key \(fresh.accessKeyId) is stored in \(KeysBackend.describe(backend)) but STS has not accepted it within \(Int(wait)) s; the old key \(current.accessKeyId) still exists in IAM (not stored any more): run `rolesh keys rotate \(ShellWord.quote(profile))` again later, or delete the old key in IAM once the new one works",
        status: .unavailable)
    }
    do {
      try iam.deleteAccessKey(current.accessKeyId, signedWith: signer.sessionToken == nil ? fresh.credentials : signer)
    } catch {
      throw GeneralError(
        "the new key \(fresh.accessKeyId) is stored and works, but the old key \(current.accessKeyId) could not be deleted in IAM (\(error)): delete it there",
        status: .unavailable)
    }
    return ["rolesh: profile \(profile) now uses \(fresh.accessKeyId) (stored in \(KeysBackend.describe(backend))); \(current.accessKeyId) was deleted in IAM"]
  }

  // MARK: credential-process

  /// `keys credential-process PROFILE [--no-session]`: what the config line prints for the AWS
  /// CLI and every SDK — by default a session made from the stored key with GetSessionToken
  /// (cached, so the long-term key never leaves rolesh), with `session: false` the key itself.
  package static func credentialProcess(_ profile: String, session useSession: Bool, runtime: Runtime) throws -> String {
    let session = try CredentialSession(selection: .explicit(profile), runtime: runtime)
    guard useSession else { return CredentialEnvironment.processJSON(try session.credentials()).serialized() }
    let config = session.config
    let keyId = session.plan.steps.last?.longTermKeyId(in: config)
    let cache = CredentialCache(environment: runtime.environment, warn: runtime.warn)
    let key = CacheKey(
      document: .object([("SourceProfile", .string(profile)), ("AccessKeyId", .string(keyId ?? "")), ("Purpose", .string("keys-session"))]),
      prefix: "rolesh-keys-session-")
    if keyId != nil, let cached = cache.read(key, now: runtime.clock()) {
      return CredentialEnvironment.processJSON(cached).serialized()
    }
    let credentials = try cache.withLock(key, ready: { keyId == nil ? nil : cache.read(key, now: runtime.clock()) }) { () throws -> AWSCredentials in
      let longTerm = try session.credentials()
      let made = try session.stsClient().getSessionToken([], source: longTerm)
      if keyId != nil, case .object(let fields) = made.cacheDocument {
        try? cache.write(key, .object([("ProviderType", .string("rolesh-keys-session")), ("SourceProfile", .string(profile))] + fields))
      }
      return made.credentials
    }
    return CredentialEnvironment.processJSON(credentials).serialized()
  }
}
