/// How a profile was chosen: it decides whether the web-identity environment variables apply
/// (spec §2.1: they are ignored for an explicit profile).
package enum ProfileSelection: Equatable, Sendable {
  /// Named on the command line, like `aws --profile P`.
  case explicit(String)
  /// From `AWS_PROFILE` or `AWS_DEFAULT_PROFILE`.
  case environment(String, variable: String)
  /// Nothing named one: `default`, which may not exist.
  case implicitDefault

  /// The CLI v2 / SDK order: argument, `AWS_PROFILE`, `AWS_DEFAULT_PROFILE`, `default`.
  /// An empty variable still counts as set, as in botocore.
  package static func choose(argument: String?, environment: Environment) -> ProfileSelection {
    if let argument { return .explicit(argument) }
    for variable in ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"] {
      if let name = environment[variable] { return .environment(name, variable: variable) }
    }
    return .implicitDefault
  }

  package var name: String {
    switch self {
    case .explicit(let name), .environment(let name, _): return name
    case .implicitDefault: return "default"
    }
  }

  package var isExplicit: Bool {
    if case .explicit = self { return true }
    return false
  }
}

/// The three `credential_source` values botocore accepts (case-sensitively).
package enum CredentialSourceKind: String, Sendable, CaseIterable {
  case environment = "Environment"
  case ec2InstanceMetadata = "Ec2InstanceMetadata"
  case ecsContainer = "EcsContainer"
}

/// Which file static keys were read from.
package enum StaticKeyOrigin: String, Sendable {
  case credentialsFile = "credentials-file"
  case configFile = "config-file"
}

/// Where a role session name comes from (design.md §4: config > plugin > default).
package enum SessionNameOrigin: String, Sendable {
  case config
  case plugin
  case `default`
  /// `AWS_ROLE_SESSION_NAME` for web identity. Reported as `config` in JSON (the schema's set).
  case environment

  package var schemaValue: String { self == .environment ? "config" : rawValue }
}

/// An AssumeRole call the plan will make (or find in the cache).
package struct AssumeRoleStep: Equatable, Sendable {
  /// The profile whose `role_arn` this is.
  package var profile: String
  package var roleArn: INIValue
  package var sessionName: INIValue
  package var sessionNameOrigin: SessionNameOrigin
  package var externalId: INIValue?
  package var mfaSerial: INIValue?
  /// Canonical integer text; invalid values were dropped, as botocore drops them.
  package var durationSeconds: String?
  package var cacheKey: CacheKey
  /// Where `role_arn` is defined.
  package var location: SourceLocation
}

/// An AssumeRoleWithWebIdentity call.
package struct WebIdentityStep: Equatable, Sendable {
  package var profile: String
  package var roleArn: INIValue
  /// The token file path, used exactly as configured (no `~` expansion, as in botocore).
  package var tokenFile: INIValue
  package var sessionName: INIValue
  package var sessionNameOrigin: SessionNameOrigin
  package var cacheKey: CacheKey
  /// Where the token file was configured; `nil` when it came from the environment.
  package var location: SourceLocation?
  /// True when the settings came from `AWS_ROLE_ARN` / `AWS_WEB_IDENTITY_TOKEN_FILE`.
  package var fromEnvironment: Bool
}

/// One link of a resolution chain.
package enum ResolutionStep: Equatable, Sendable {
  case staticKeys(profile: String, origin: StaticKeyOrigin, location: SourceLocation)
  case credentialSource(profile: String, source: CredentialSourceKind, location: SourceLocation?)
  case credentialProcess(profile: String, command: INIValue, location: SourceLocation)
  case assumeRole(AssumeRoleStep)
  case webIdentity(WebIdentityStep)

  /// The profile this step belongs to.
  package var profile: String {
    switch self {
    case .staticKeys(let profile, _, _), .credentialSource(let profile, _, _),
      .credentialProcess(let profile, _, _):
      return profile
    case .assumeRole(let step): return step.profile
    case .webIdentity(let step): return step.profile
    }
  }

  /// The cache entry of an STS step.
  package var cacheKey: CacheKey? {
    switch self {
    case .assumeRole(let step): return step.cacheKey
    case .webIdentity(let step): return step.cacheKey
    default: return nil
    }
  }
}

/// What resolving a profile will do, decided without network, prompts or processes.
package struct ResolutionPlan: Equatable, Sendable {
  /// The top-level profile.
  package var profile: String
  /// The region STS calls will use: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's.
  package var region: String?
  /// Innermost source first; the profile's own step last.
  package var steps: [ResolutionStep]
}
