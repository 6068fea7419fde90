/// Finds and reads the two shared files the way botocore does (spec §1.1).
package enum ConfigLoader {
  /// `AWS_CONFIG_FILE`, else `~/.aws/config`, expanded.
  package static func configPath(_ environment: Environment) -> String {
    environment.expandPath(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
  }

  /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, expanded.
  package static func credentialsPath(_ environment: Environment) -> String {
    environment.expandPath(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
  }

  /// Reads one file; missing, unreadable or not-a-file means empty.
  package static func document(at path: String) throws -> INIDocument {
    guard let bytes = FileSystem.readRegularFile(path) else { return .empty(path: path) }
    return try INIParser.parse(bytes: bytes, path: path)
  }

  /// Reads and merges both files. A parse error in either fails, naming file and line.
  package static func load(_ environment: Environment) throws -> AWSConfig {
    let config = try document(at: configPath(environment))
    let credentials = try document(at: credentialsPath(environment))
    return AWSConfig(config: config, credentials: credentials)
  }
}
