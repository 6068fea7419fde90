/// What the credential commands share: read the config, plan the profile, fetch through the
/// cache. The CLI builds one per invocation.
package struct CredentialSession {
  package var environment: Environment
  package var config: AWSConfig
  package var plan: ResolutionPlan
  package var resolver: CredentialResolver

  /// Plans `selection` and prepares a resolver; nothing is fetched yet.
  package init(
    selection: ProfileSelection, environment: Environment, mfa: MFACodeSource, warn: @escaping (String) -> Void,
    transport: (() -> HTTPTransport)? = nil
  ) throws {
    self.environment = environment
    config = try ConfigLoader.load(environment)
    let directory = environment.workingDirectory
    // Lua is loaded only when a plugin file exists.
    let plugins = try LuaPluginHost.load(environment: environment, directory: directory, log: warn)
    var profileResolver = ProfileResolver(config: config, environment: environment)
    profileResolver.plugins = plugins
    profileResolver.directory = directory
    plan = try profileResolver.resolve(selection)
    let cache = CredentialCache(environment: environment, warn: warn)
    let env = environment
    resolver = CredentialResolver(
      plan: plan, config: config, environment: environment, cache: cache, mfa: mfa,
      transport: transport ?? { CurlTransport(environment: env) })
    resolver.plugins = plugins
    resolver.directory = directory
    self.plugins = plugins
  }

  /// The loaded plugins, if any.
  package var plugins: PluginHost?

  package func credentials() throws -> AWSCredentials { try resolver.resolve() }
}

/// The variables a child process or a shell gets for a set of credentials (design.md §2).
package enum CredentialEnvironment {
  /// Variables removed before the new ones are set: a stale profile or key must not win
  /// (`exec`, `export --format SHELL`, and the shell integration's switches).
  package static let cleared = [
    "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION",
  ]

  /// Name/value pairs in a fixed order.
  package static func variables(_ credentials: AWSCredentials, profile: String, region: String?) -> [(String, String)] {
    var variables = [
      ("AWS_ACCESS_KEY_ID", credentials.accessKeyId), ("AWS_SECRET_ACCESS_KEY", credentials.secretAccessKey),
    ]
    if let token = credentials.sessionToken { variables.append(("AWS_SESSION_TOKEN", token)) }
    if let expiration = credentials.expiration { variables.append(("AWS_CREDENTIAL_EXPIRATION", expiration.description)) }
    if let region {
      variables.append(("AWS_REGION", region))
      variables.append(("AWS_DEFAULT_REGION", region))
    }
    variables.append(("ROLESH_PROFILE", profile))
    return variables
  }

  /// The credential_process document (Version 1).
  package static func processJSON(_ credentials: AWSCredentials) -> JSON {
    var fields: [(String, JSON)] = [
      ("Version", .number("1")), ("AccessKeyId", .string(credentials.accessKeyId)),
      ("SecretAccessKey", .string(credentials.secretAccessKey)),
    ]
    if let token = credentials.sessionToken { fields.append(("SessionToken", .string(token))) }
    if let expiration = credentials.expiration { fields.append(("Expiration", .string(expiration.description))) }
    if let account = credentials.accountId { fields.append(("AccountId", .string(account))) }
    return .object(fields)
  }
}
