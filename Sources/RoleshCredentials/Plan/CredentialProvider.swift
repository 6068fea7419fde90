import RoleshAWS
import RoleshConfig
import RoleshSupport

/// One of botocore's credential providers, as rolesh plans it: how it is recognised in a
/// profile, and the step it adds to a plan. Its step type (same file) carries the rest — the
/// `explain` report, the fetch, the cache entry.
///
/// Adding a source is one file with a type conforming to this protocol and its step, one line
/// in `ProviderRegistry`, and its tests.
package protocol CredentialProvider: Sendable {
  /// How `rolesh list` names the kind of a profile this source serves.
  var listKind: String { get }
  /// Whether the source's step keeps its credentials in a cache entry (`list` shows expiry).
  var cachesCredentials: Bool { get }
  /// Whether the source assumes a role from another profile's credentials (botocore plans a
  /// source profile's own keys before its role; see `ProfilePlanner.planSourceProfile`).
  var assumesRoles: Bool { get }
  /// Whether the source serves `profile`, judged from the profile's keys alone. `rolesh list`
  /// asks this of every profile of a large config, so it must not plan or read files.
  func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool
  /// Adds the source's steps for `profile` to the plan and returns true, or returns false when
  /// the source does not apply. Throws the configuration errors botocore raises.
  func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool
  /// The cache entry of the profile's own step, without planning its sources (`rolesh list`
  /// asks this of every profile); nil when the source keeps no entry.
  func ownCacheKey(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> CacheKey?
}

extension CredentialProvider {
  package var cachesCredentials: Bool { false }
  package var assumesRoles: Bool { false }

  /// Plans the profile alone (sources that do not follow a chain) and takes its step's key.
  package func ownCacheKey(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> CacheKey? {
    guard cachesCredentials else { return nil }
    var scratch = planner
    scratch.steps = []
    guard try plan(profile, &scratch) else { return nil }
    return scratch.steps.last?.cacheKey
  }
}

/// The sources in botocore's order (`credentials.py`: `AssumeRoleProvider` in the main
/// chain, then `ProfileProviderBuilder.providers`, then the container and instance-metadata
/// providers). The environment-key provider is left out: rolesh treats every profile as
/// explicit there, and sets those variables itself.
package enum ProviderRegistry {
  /// The providers that read a profile, in order.
  package static let profileProviders: [any CredentialProvider] = [
    AssumeRoleProvider(),
    WebIdentityProvider(),
    SSOProvider(),
    StaticKeysProvider(origin: .credentialsFile),
    LoginSessionProvider(),
    StoredKeysProvider(),
    CredentialProcessProvider(),
    StaticKeysProvider(origin: .configFile),
  ]

  /// What applies when no profile-based provider does: the container endpoint, then IMDS.
  package static let fallbackProviders: [any CredentialProvider] = [
    ContainerFallbackProvider(),
    InstanceMetadataFallbackProvider(),
  ]

  /// The source `rolesh list` attributes a profile to: the first that recognises it.
  package static func source(of profile: Profile, in config: AWSConfig) -> (any CredentialProvider)? {
    profileProviders.first { $0.recognizes(profile, in: config) }
  }
}
