import RoleshAWS
import RoleshConfig
import RoleshSupport

/// Long-term keys kept in a key store (the Secret Service, pass) instead of a plaintext file,
/// reached through the line `rolesh keys add` writes into the profile:
/// `credential_process = /path/to/rolesh keys credential-process PROFILE`. Every other AWS tool
/// runs that command; rolesh recognises its own line and reads the store itself — no process,
/// and the key counts as long-term keys, so the roles behind it share an MFA session, the
/// console federates it, and `explain` shows the store and key id.
///
/// It stands where botocore's credential_process provider stands (after the credentials file's
/// keys), and only for rolesh's own line naming this very profile.
package struct StoredKeysProvider: CredentialProvider {
  package init() {}

  package var listKind: String { "stored" }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool {
    guard let command = profile.text("credential_process") else { return false }
    return StoredKeysLine.profile(servedBy: command) == profile.name
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard recognizes(profile, in: planner.config) else { return false }
    let record = KeyIndex.load(planner.environment).records[profile.name]
    let backend = try record?.backend ?? KeysBackend.choose(profile: profile, config: planner.config, environment: planner.environment)
    planner.steps.append(
      StoredKeysStep(
        profile: profile.name, backend: backend, accessKeyId: record?.accessKeyId, location: profile.location(of: "credential_process")))
    return true
  }
}

/// The key of one profile, read from its store.
package struct StoredKeysStep: ResolutionStep, Equatable {
  package var profile: String
  package var backend: String
  /// The key's id as the index knows it (nil when the index has no record).
  package var accessKeyId: String?
  /// Where the `credential_process` line is.
  package var location: SourceLocation

  package var kind: String { "stored-keys" }
  package var jsonFields: [(String, JSON)] { [("backend", .string(backend)), ("access_key_id", .optional(accessKeyId))] }
  package var action: String { "reading the stored keys of profile \(profile) (\(backend))" }

  package func longTermKeyId(in config: AWSConfig) -> String? { accessKeyId }

  package func explain(_ context: StepReportContext) -> [String] {
    ["stored keys of profile \(profile) in \(KeysBackend.describe(backend)) (key \(accessKeyId ?? "unknown: not in rolesh's key index"))",
     location.description]
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let store = context.secrets(backend)
    guard let payload = try store.read(SecretItem(profile: profile)) else {
      throw SourceError("profile \(profile) has no stored keys in \(KeysBackend.describe(backend)): run `rolesh keys add \(ShellWord.quote(profile))`")
    }
    guard let key = StoredKey(payload: payload) else {
      throw SourceError(
        "the stored item of profile \(profile) in \(KeysBackend.describe(backend)) is not a key rolesh wrote: run `rolesh keys add \(ShellWord.quote(profile))` again")
    }
    return FetchedCredentials(key.credentials)
  }
}

/// The `credential_process` line of a stored-keys profile.
package enum StoredKeysLine {
  /// The command for `profile`, with rolesh's absolute path.
  package static func command(binary: String, profile: String) -> String {
    "\(ShellWord.quote(binary)) keys credential-process \(ShellWord.quote(profile))"
  }

  /// The profile a command serves, when it is rolesh's own line (`…/rolesh keys
  /// credential-process NAME`, nothing more); nil for any other command.
  package static func profile(servedBy command: String) -> String? {
    guard command.contains("keys"), let words = PythonText.shlexSplit(command), words.count == 4,
      words[1] == "keys", words[2] == "credential-process", words[0] == "rolesh" || words[0].hasSuffix("/rolesh")
    else { return nil }
    return words[3]
  }
}

/// Which store keeps a profile's keys: `ROLESH_KEYS_BACKEND`, else `rolesh_keys_backend` in the
/// profile, else in `[default]`, else the Secret Service.
package enum KeysBackend {
  package static let names = ["secret-service", "pass"]

  package static func choose(profile: Profile?, config: AWSConfig, environment: Environment) throws -> String {
    if let name = environment.nonEmpty("ROLESH_KEYS_BACKEND") {
      guard names.contains(name) else {
        throw SettingError(variable: "ROLESH_KEYS_BACKEND", value: name, expected: names.joined(separator: " or "))
      }
      return name
    }
    for candidate in [profile, config.profile("default")] {
      guard let candidate, let value = candidate.text("rolesh_keys_backend") else { continue }
      let name = PythonText.strip(value)
      guard names.contains(name) else {
        throw ConfigError(
          .invalidParameter, "rolesh_keys_backend of profile \(candidate.name) is \(name.debugDescription); use \(names.joined(separator: " or "))",
          profile: candidate.name, location: candidate.location(of: "rolesh_keys_backend"))
      }
      return name
    }
    return "secret-service"
  }

  /// How messages name a store.
  package static func describe(_ name: String) -> String {
    switch name {
    case "secret-service": return "the Secret Service"
    case "pass": return "pass"
    default: return name
    }
  }
}
