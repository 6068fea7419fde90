import RoleshSupport

/// Finds and reads the two shared files the way botocore does.
package enum ConfigLoader {
  /// `AWS_CONFIG_FILE`, else `~/.aws/config`, expanded.
  package static func configPath(_ environment: Environment) -> String {
    environment.expandPath(environment["AWS_CONFIG_FILE"] ?? "~/.aws/config")
  }

  /// `AWS_SHARED_CREDENTIALS_FILE`, else `~/.aws/credentials`, expanded.
  package static func credentialsPath(_ environment: Environment) -> String {
    environment.expandPath(environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "~/.aws/credentials")
  }

  /// Reads one file. Missing, a directory or unreadable means empty, as in botocore; a FIFO,
  /// socket or device (which botocore would block on) and a file too large to be a config are
  /// errors naming the file.
  package static func document(at path: String) throws -> INIDocument {
    let result = FileSystem.read(path)
    switch result {
    case .contents(let bytes): return try INIParser.parse(bytes: bytes, path: path)
    case .missing, .directory, .unreadable: return .empty(path: path)
    case .special, .tooLarge:
      throw ConfigError(.configParse, "unable to parse config file: \(result.problem(path) ?? path)")
    }
  }

  /// Reads and merges both files. A parse error in either fails, naming file and line.
  package static func load(_ environment: Environment) throws -> AWSConfig {
    let config = try document(at: configPath(environment))
    let credentials = try document(at: credentialsPath(environment))
    return AWSConfig(config: config, credentials: credentials)
  }
}
