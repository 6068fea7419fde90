import RoleshAWS
import RoleshConfig
import RoleshSupport

/// Which file static keys are read from: botocore has a provider for each, at different
/// places in its order (credentials file before `credential_process`, config file after).
package enum StaticKeyOrigin: String, Sendable {
  case credentialsFile = "credentials-file"
  case configFile = "config-file"

  /// How `explain` names the file.
  var fileName: String { self == .credentialsFile ? "credentials" : "config" }
}

/// botocore's `SharedCredentialProvider` and `ConfigProvider`: `aws_access_key_id` and
/// `aws_secret_access_key` (and a session token) in one file's section.
package struct StaticKeysProvider: CredentialProvider {
  package var origin: StaticKeyOrigin

  package var listKind: String { "static" }

  func section(_ name: String, in config: AWSConfig) -> INISection? {
    origin == .credentialsFile ? config.credentialSection(name) : config.configProfile(name)
  }

  /// Decided on the merged profile, without building the file's section again (`list` asks
  /// this of every profile): the key's entry says which file it came from. Where both files
  /// set it, the merged entry is the credentials file's — and that source comes first anyway.
  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool {
    guard let entry = profile.entries["aws_access_key_id"] else { return false }
    let file = origin == .credentialsFile ? config.credentialsPath : config.configPath
    if entry.location.file == file { return true }
    // The config file's key hidden by the credentials file's: still there for this source.
    return origin == .configFile && section(profile.name, in: config)?.entries["aws_access_key_id"] != nil
  }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard let section = section(profile.name, in: planner.config), let accessKey = section.entries["aws_access_key_id"] else {
      return false
    }
    guard section.entries["aws_secret_access_key"] != nil else {
      throw planner.fail(
        .partialCredentials,
        "partial credentials found in \(origin == .credentialsFile ? "shared-credentials-file" : "config-file"), missing: aws_secret_access_key (profile \(profile.name))",
        at: accessKey.location)
    }
    planner.steps.append(StaticKeysStep(profile: profile.name, origin: origin, location: accessKey.location))
    return true
  }
}

/// Long-term (or pasted temporary) keys read from a file.
package struct StaticKeysStep: ResolutionStep, Equatable {
  package var profile: String
  package var origin: StaticKeyOrigin
  /// Where `aws_access_key_id` is.
  package var location: SourceLocation

  package var kind: String { "static" }
  package var jsonFields: [(String, JSON)] { [("origin", .string(origin.rawValue))] }
  package var action: String { "static keys of profile \(profile) (\(origin.rawValue))" }

  /// The access key id when the keys are long-term (an IAM user's: no session token in the
  /// section); nil for pasted temporary keys. MFA sessions and the console's
  /// GetFederationToken need long-term keys.
  package func longTermKeyId(in config: AWSConfig) -> String? {
    let section = origin == .credentialsFile ? config.credentialSection(profile) : config.configProfile(profile)
    guard let section, section["aws_session_token"] == nil, section["aws_security_token"] == nil else { return nil }
    return section["aws_access_key_id"]?.text
  }

  package func explain(_ context: StepReportContext) -> [String] {
    ["static keys of profile \(profile) from the \(origin.fileName) file", location.description]
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let section = origin == .credentialsFile ? context.config.credentialSection(profile) : context.config.configProfile(profile)
    guard let section, let accessKey = section["aws_access_key_id"]?.displayText,
      let secret = section["aws_secret_access_key"]?.displayText
    else { throw SourceError("profile \(profile) has no static keys") }
    let token = (section["aws_security_token"] ?? section["aws_session_token"])?.displayText
    return FetchedCredentials(
      AWSCredentials(
        accessKeyId: accessKey, secretAccessKey: secret, sessionToken: token,
        accountId: section["aws_account_id"]?.displayText))
  }
}
