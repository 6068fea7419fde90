import RoleshAWS
import RoleshConfig
import RoleshSupport

/// How a profile was chosen: it decides whether the web-identity environment variables apply
///.
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

/// One link of a resolution chain: what one credential source will do for one profile. Each
/// source defines its step type in its own file, with everything about it: its `explain`
/// report, its fetch, its cache entry.
package protocol ResolutionStep: Sendable {
  /// The profile this step belongs to.
  var profile: String { get }
  /// The `kind` of `explain --json` (docs/contract.md, "explain --json").
  var kind: String { get }
  /// The `explain --json` members after `kind` and `profile`, in the schema's order.
  var jsonFields: [(String, JSON)] { get }
  /// What the step does, for error messages: `assuming arn:… (profile b)`.
  var action: String { get }
  /// `explain`'s lines for the step: a headline, then indented details.
  func explain(_ context: StepReportContext) -> [String]
  /// `explain --json` members that describe the state of files now (a token's validity), after
  /// `jsonFields`.
  func jsonState(_ context: StepReportContext) -> [(String, JSON)]
  /// The cache entry that holds this step's credentials, if it has one.
  var cacheKey: CacheKey? { get }
  /// What the cached credentials are for (a role ARN, an account and role), for `cache list`.
  var cacheSubject: String? { get }
  /// An MFA device this step needs a code for on a cache miss.
  var mfaSerial: String? { get }
  /// Whether the step signs with the credentials of the step before it (a role does).
  var usesSourceCredentials: Bool { get }
  /// Whether the step calls STS (so `explain` shows the endpoint).
  var callsSTS: Bool { get }
  /// Obtains the credentials; `source` gives the previous step's, fetched only if called.
  func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials

  // Questions other parts of rolesh ask of a step, instead of looking at its type: a new
  // provider answers them in its own file and every command treats it right.

  /// The IAM user's access key id when the step yields long-term keys (no session token):
  /// MFA sessions and the console's GetFederationToken need such keys. nil otherwise.
  func longTermKeyId(in config: AWSConfig) -> String?
  /// The role (and account) the step's credentials act as, where the config says it.
  var target: StepTarget? { get }
  /// How the console's federation sign-in may use the step's credentials, when the step knows
  /// (`source` is the step before it); nil when only STS can tell.
  func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession?
  /// The IAM Identity Center region the step calls (so `explain` shows those endpoints).
  var identityCenterRegion: String? { get }
}

/// The role a step's credentials act as: its ARN, or an account and role name (IAM Identity
/// Center gives no ARN path).
package struct StepTarget: Equatable, Sendable {
  package var roleArn: String?
  package var accountId: String?
  package var roleName: String?

  package init(roleArn: String? = nil, accountId: String? = nil, roleName: String? = nil) {
    self.roleArn = roleArn
    self.accountId = accountId
    self.roleName = roleName
  }
}

/// Session credentials the federation endpoint accepts as they are. `durationAllowed`: AWS
/// accepts `SessionDuration` only for roles assumed directly from long-term keys or a web
/// identity.
package struct SignInSession: Equatable, Sendable {
  package var durationAllowed: Bool

  package init(durationAllowed: Bool) { self.durationAllowed = durationAllowed }
}

extension ResolutionStep {
  package var cacheKey: CacheKey? { nil }
  package var cacheSubject: String? { nil }
  package var mfaSerial: String? { nil }
  package var usesSourceCredentials: Bool { false }
  package var callsSTS: Bool { false }
  package func jsonState(_ context: StepReportContext) -> [(String, JSON)] { [] }
  package func longTermKeyId(in config: AWSConfig) -> String? { nil }
  package var target: StepTarget? { nil }
  package func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession? { nil }
  package var identityCenterRegion: String? { nil }

  /// The whole `explain --json` object of the step.
  package func json(_ context: StepReportContext) -> JSON {
    .object([("kind", .string(kind)), ("profile", .string(profile))] + jsonFields + jsonState(context))
  }
}

/// What a step's fetch produced: the credentials, and the document to cache when the step
/// has a cache entry (in the format of the tool that owns the entry's key).
package struct FetchedCredentials: Sendable {
  package var credentials: AWSCredentials
  package var cacheDocument: JSON?

  package init(_ credentials: AWSCredentials, cacheDocument: JSON? = nil) {
    self.credentials = credentials
    self.cacheDocument = cacheDocument
  }
}

/// What resolving a profile will do, decided without network, prompts or processes.
package struct ResolutionPlan: Sendable {
  /// The top-level profile.
  package var profile: String
  /// The region STS calls will use: `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's.
  package var region: String?
  /// Innermost source first; the profile's own step last.
  package var steps: [any ResolutionStep]

  package init(profile: String, region: String?, steps: [any ResolutionStep]) {
    self.profile = profile
    self.region = region
    self.steps = steps
  }

  /// The cache entries the plan may read or write, innermost first.
  package var cacheKeys: [CacheKey] { steps.compactMap(\.cacheKey) }
}

/// Where a role session name comes from (docs/contract.md: config > plugin > default).
package enum SessionNameOrigin: String, Sendable {
  case config
  /// A plugin's name, part of the cache key (not shared with the AWS CLI).
  case plugin
  /// A plugin's name marked `shared`: left out of the key like a generated one.
  case sharedPlugin
  case `default`
  /// `AWS_ROLE_SESSION_NAME` for web identity. Reported as `config` in JSON (the schema's set).
  case environment

  package var schemaValue: String {
    switch self {
    case .environment: return "config"
    case .sharedPlugin: return "plugin"
    default: return rawValue
    }
  }

  /// Whether the name is part of botocore's cache key (a generated name is not; rolesh's
  /// default and a plugin's `shared` name stand in for one).
  package var isInCacheKey: Bool { self != .default && self != .sharedPlugin }

  /// How `explain` says where the name came from.
  package var explanation: String {
    switch self {
    case .config: return "role_session_name in the profile"
    case .plugin:
      return "from a plugin; part of the cache key, so this entry is not shared with the AWS CLI (which uses its own name) — a plugin can return {name = …, shared = true} to share it"
    case .sharedPlugin: return "from a plugin, marked shared: not part of the cache key, so the AWS CLI shares the entry"
    case .default: return "default; not part of the cache key"
    case .environment: return "AWS_ROLE_SESSION_NAME"
    }
  }
}

extension JSON {
  /// A configured value as JSON: text, or an object for a nested block; `null` when absent.
  package init(_ value: INIValue?) {
    switch value {
    case .none: self = .null
    case .text(let text): self = .string(text)
    case .nested(let block):
      let keys = block.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
      self = .object(keys.map { ($0, .string(block[$0] ?? "")) })
    }
  }
}
