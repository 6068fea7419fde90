import RoleshAWS
import RoleshConfig
import RoleshSupport

/// The three `credential_source` values botocore accepts (case-sensitively), which are also
/// the providers at the end of its default chain.
package enum CredentialSourceKind: String, Sendable, CaseIterable {
  case environment = "Environment"
  case ec2InstanceMetadata = "Ec2InstanceMetadata"
  case ecsContainer = "EcsContainer"

  /// How `explain` describes where the keys come from.
  var explanation: String {
    switch self {
    case .environment: return "keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY"
    case .ec2InstanceMetadata: return "EC2 instance metadata (IMDSv2)"
    case .ecsContainer: return "the container credential endpoint"
    }
  }
}

/// Credentials from the environment, instance metadata or the container endpoint: named by a
/// role's `credential_source`, or (without a location) the chain's last resort.
package struct CredentialSourceStep: ResolutionStep, Equatable {
  package var profile: String
  package var source: CredentialSourceKind
  /// Where `credential_source` is; nil for the fallback at the end of the chain.
  package var location: SourceLocation?

  package var kind: String { "credential-source" }
  package var jsonFields: [(String, JSON)] { [("source", .string(source.rawValue))] }
  package var action: String { "credential source \(source.rawValue) of profile \(profile)" }

  /// Container and instance roles are role sessions; the environment's keys may be anything.
  package func signInSession(after source: (any ResolutionStep)?, config: AWSConfig) -> SignInSession? {
    self.source == .environment ? nil : SignInSession(durationAllowed: false)
  }

  package func explain(_ context: StepReportContext) -> [String] {
    var lines = ["\(source.explanation) (credential source \(source.rawValue), profile \(profile))"] + (location.map { [$0.description] } ?? [])
    if source == .environment, Self.keysAreRoleshs(context.environment) {
      lines.append(Self.roleshKeysProblem(context.environment))
    }
    return lines
  }

  /// Whether the environment's keys are the ones `rolesh use` exported (their fingerprint is in
  /// `ROLESH_MANAGED`): a role sourced from them would depend on whatever the shell last
  /// switched to — and, once switched, on its own keys.
  static func keysAreRoleshs(_ environment: Environment) -> Bool {
    ValueFingerprint.isRoleshValue("AWS_ACCESS_KEY_ID", in: environment)
  }

  static func roleshKeysProblem(_ environment: Environment) -> String {
    let profile = environment.nonEmpty("ROLESH_PROFILE").map { " for profile \($0)" } ?? ""
    return "the environment's keys are the ones rolesh exported\(profile), not yours: rolesh does not use them as a credential source (run `rolesh unset`, or export your own keys)"
  }

  /// botocore's `_resolve_credentials_from_source`: the source must have credentials now
  /// (environment keys present, a container endpoint configured, IMDS not disabled).
  static func checked(_ source: CredentialSourceKind, profile: Profile, _ planner: ProfilePlanner) throws -> CredentialSourceStep {
    let location = profile.location(of: "credential_source")
    let environment = planner.environment
    let empty = planner.fail(
      .noCredentials,
      "error when retrieving credentials from \(source.rawValue): no credentials found in credential_source referenced in profile \(profile.name)",
      at: location)
    switch source {
    case .environment:
      guard environment.nonEmpty("AWS_ACCESS_KEY_ID") != nil else { throw empty }
      guard environment.nonEmpty("AWS_SECRET_ACCESS_KEY") != nil else {
        throw planner.fail(.partialCredentials, "partial credentials found in env, missing: AWS_SECRET_ACCESS_KEY", at: location)
      }
    case .ecsContainer:
      guard ContainerEndpoint.isConfigured(environment) else { throw empty }
    case .ec2InstanceMetadata:
      guard !environment.isTrue("AWS_EC2_METADATA_DISABLED") else { throw empty }
    }
    return CredentialSourceStep(profile: profile.name, source: source, location: location)
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    let empty = SourceError("no credentials found in credential source \(self.source.rawValue) of profile \(profile)")
    let environment = context.environment
    switch self.source {
    case .environment:
      guard let keys = CredentialEnvironment.keys(in: environment) else { throw empty }
      if Self.keysAreRoleshs(environment) { throw SourceError(Self.roleshKeysProblem(environment)) }
      return FetchedCredentials(keys)
    case .ec2InstanceMetadata:
      guard let credentials = try metadata(context).instanceMetadata() else { throw empty }
      return FetchedCredentials(credentials)
    case .ecsContainer:
      guard let credentials = try metadata(context).container() else { throw empty }
      return FetchedCredentials(credentials)
    }
  }

  private func metadata(_ context: FetchContext) -> MetadataCredentials {
    MetadataCredentials(transport: context.network, environment: context.environment, profile: context.topProfile)
  }
}

/// botocore's `ContainerProvider` at the end of the chain: the container endpoint, when one of
/// its variables is set.
package struct ContainerFallbackProvider: CredentialProvider {
  package var listKind: String { "container" }
  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool { false }
  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard ContainerEndpoint.isConfigured(planner.environment) else { return false }
    planner.steps.append(CredentialSourceStep(profile: profile.name, source: .ecsContainer, location: nil))
    return true
  }
}

/// botocore's `InstanceMetadataProvider`, last of all, unless `AWS_EC2_METADATA_DISABLED`.
package struct InstanceMetadataFallbackProvider: CredentialProvider {
  package var listKind: String { "instance-metadata" }
  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool { false }
  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard !planner.environment.isTrue("AWS_EC2_METADATA_DISABLED") else { return false }
    planner.steps.append(CredentialSourceStep(profile: profile.name, source: .ec2InstanceMetadata, location: nil))
    return true
  }
}

/// The ECS/container credential endpoint settings.
package enum ContainerEndpoint {
  /// botocore fires the container provider when either URI variable is present.
  package static func isConfigured(_ environment: Environment) -> Bool {
    environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] != nil
      || environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] != nil
  }
}
