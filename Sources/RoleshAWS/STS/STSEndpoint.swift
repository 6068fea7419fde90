import RoleshConfig
import RoleshSupport

/// Where STS calls go and which region signs them, decided from the top-level profile and the
/// environment — never from a source profile.
package struct STSEndpoint: Equatable, Sendable, CustomStringConvertible {
  package var url: String
  package var signingRegion: String

  package var description: String { "\(url) (signing region \(signingRegion))" }

  /// Regions that `sts_regional_endpoints = legacy` sends to the global endpoint.
  static let legacyGlobalRegions: Set<String> = [
    "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1", "eu-central-1",
    "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "us-east-1", "us-east-2", "us-west-1", "us-west-2",
  ]

  /// Resolves the endpoint for `profile` (the top-level one) in `region`.
  package static func resolve(
    profile: Profile?, config: AWSConfig, environment: Environment, region: String?
  ) throws -> STSEndpoint {
    let profileName = profile?.name
    func setting(_ key: String, _ variable: String) -> String? {
      environment[variable] ?? profile?.text(key)
    }

    if let region { try ConfiguredEndpoint.checkRegion(region, profile: profileName) }
    let signingRegion = region ?? "us-east-1"
    if let url = try ConfiguredEndpoint.url(
      variable: "STS", servicesKey: "sts", profile: profile, config: config, environment: environment)
    {
      return STSEndpoint(url: url, signingRegion: signingRegion)
    }

    guard let region, region != "aws-global" else {
      return STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")
    }
    let mode = setting("sts_regional_endpoints", "AWS_STS_REGIONAL_ENDPOINTS") ?? "regional"
    guard mode == "regional" || mode == "legacy" else {
      throw ConfigError(
        .endpointConfig, "STS regional endpoints option \(mode) is invalid. Valid options are: \"legacy\", \"regional\"",
        profile: profileName)
    }
    let fips = ConfiguredEndpoint.isEnabled("use_fips_endpoint", "AWS_USE_FIPS_ENDPOINT", profile: profile, environment: environment)
    let dualStack = ConfiguredEndpoint.isEnabled(
      "use_dualstack_endpoint", "AWS_USE_DUALSTACK_ENDPOINT", profile: profile, environment: environment)
    if mode == "legacy" && legacyGlobalRegions.contains(region) && !fips && !dualStack {
      return STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")
    }
    let service = fips ? "sts-fips" : "sts"
    let partition = Partition(region: region)
    if fips && !dualStack && partition.id == "aws-us-gov" {
      // STS's rule set: GovCloud's regional endpoints are FIPS endpoints already.
      return STSEndpoint(url: "https://sts.\(region).amazonaws.com", signingRegion: region)
    }
    let suffix = dualStack ? partition.dualStackDnsSuffix : partition.dnsSuffix
    return STSEndpoint(url: "https://\(service).\(region).\(suffix)", signingRegion: region)
  }
}
