import RoleshConfig
import RoleshSupport

/// Where STS calls go and which region signs them, decided from the top-level profile and the
/// environment — never from a source profile (spec §3.3).
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
    func isTrue(_ key: String, _ variable: String) -> Bool { setting(key, variable)?.lowercased() == "true" }

    if let region {
      // botocore's InvalidRegionError check.
      let bytes = Array(region.utf8)
      let valid =
        !bytes.isEmpty && bytes.count <= 63
        && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
        && bytes.first != 0x2D && bytes.last != 0x2D
      guard valid else {
        throw ConfigError(
          .endpointConfig, "provided region_name '\(region)' doesn't match a supported format", profile: profileName)
      }
    }
    let signingRegion = region ?? "us-east-1"

    if !isTrue("ignore_configured_endpoint_urls", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS") {
      if let url = environment.nonEmpty("AWS_ENDPOINT_URL_STS") ?? environment.nonEmpty("AWS_ENDPOINT_URL") {
        return STSEndpoint(url: url, signingRegion: signingRegion)
      }
      if let servicesName = profile?.text("services") {
        guard let services = config.services(servicesName) else {
          throw ConfigError(
            .endpointConfig,
            "the profile is configured to use the services section but the \"\(servicesName)\" services configuration does not exist",
            profile: profileName, location: profile?.location(of: "services"))
        }
        if case .nested(let block)? = services["sts"], let url = block["endpoint_url"] {
          return STSEndpoint(url: url, signingRegion: signingRegion)
        }
      }
      if let url = profile?.text("endpoint_url"), !url.isEmpty {
        return STSEndpoint(url: url, signingRegion: signingRegion)
      }
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
    let fips = isTrue("use_fips_endpoint", "AWS_USE_FIPS_ENDPOINT")
    let dualStack = isTrue("use_dualstack_endpoint", "AWS_USE_DUALSTACK_ENDPOINT")
    if mode == "legacy" && legacyGlobalRegions.contains(region) && !fips && !dualStack {
      return STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1")
    }
    let service = fips ? "sts-fips" : "sts"
    let suffix: String
    if dualStack {
      suffix = region.hasPrefix("cn-") ? "api.amazonwebservices.com.cn" : "api.aws"
    } else {
      suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
    }
    return STSEndpoint(url: "https://\(service).\(region).\(suffix)", signingRegion: region)
  }
}
