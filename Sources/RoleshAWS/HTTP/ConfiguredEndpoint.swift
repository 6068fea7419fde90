import RoleshConfig
import RoleshSupport

/// botocore's configured endpoint URL for one service (1.43): `AWS_ENDPOINT_URL_<SERVICE>`,
/// then `AWS_ENDPOINT_URL`, then the profile's `services` section (`<key> = endpoint_url = …`),
/// then the profile's `endpoint_url` — none of them when `ignore_configured_endpoint_urls` is
/// set. The profile is always the top-level one: a source profile's settings never move calls.
package enum ConfiguredEndpoint {
  /// The configured URL, or nil to use the service's own.
  /// - Parameters:
  ///   - variable: the environment suffix (`STS`, `SSO`, `SSO_OIDC`).
  ///   - servicesKey: the key in a `services` section (`sts`, `sso`, `sso_oidc`).
  package static func url(
    variable: String, servicesKey: String, profile: Profile?, config: AWSConfig, environment: Environment
  ) throws -> String? {
    let ignore = (environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] ?? profile?.text("ignore_configured_endpoint_urls"))?
      .lowercased() == "true"
    if ignore { return nil }
    if let url = environment.nonEmpty("AWS_ENDPOINT_URL_" + variable) ?? environment.nonEmpty("AWS_ENDPOINT_URL") {
      return url
    }
    if let servicesName = profile?.text("services") {
      guard let services = config.services(servicesName) else {
        throw ConfigError(
          .endpointConfig,
          "the profile is configured to use the services section but the \"\(servicesName)\" services configuration does not exist",
          profile: profile?.name, location: profile?.location(of: "services"))
      }
      if case .nested(let block)? = services[servicesKey], let url = block["endpoint_url"] { return url }
    }
    if let url = profile?.text("endpoint_url"), !url.isEmpty { return url }
    return nil
  }

  /// A boolean endpoint setting (`use_fips_endpoint`, …): the variable, else the profile's key.
  package static func isEnabled(_ key: String, _ variable: String, profile: Profile?, environment: Environment) -> Bool {
    (environment[variable] ?? profile?.text(key))?.lowercased() == "true"
  }

  /// botocore's check of a region name before it becomes part of a host name.
  package static func checkRegion(_ region: String, profile: String?) throws {
    let bytes = Array(region.utf8)
    let valid =
      !bytes.isEmpty && bytes.count <= 63
      && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D }
      && bytes.first != 0x2D && bytes.last != 0x2D
    guard valid else {
      throw ConfigError(.endpointConfig, "provided region_name '\(region)' doesn't match a supported format", profile: profile)
    }
  }

  /// The DNS suffix of a region's partition.
  package static func dnsSuffix(_ region: String) -> String { Partition(region: region).dnsSuffix }
}

/// The partition a region belongs to, as botocore's `partitions.json` (1.43) decides: a region's
/// name pattern picks it; anything else is in `aws`.
package struct Partition: Equatable, Sendable {
  package var id: String
  package var dnsSuffix: String
  package var dualStackDnsSuffix: String

  /// The regions botocore 1.43's `partitions.json` lists (for completion; any region name that
  /// fits a partition's pattern is accepted).
  package static let knownRegions = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
    "us-east-2", "us-west-1", "us-west-2", "cn-north-1", "cn-northwest-1", "eusc-de-east-1", "us-iso-east-1", "us-iso-west-1",
    "us-isob-east-1", "us-isob-west-1", "eu-isoe-west-1", "us-isof-east-1", "us-isof-south-1", "us-gov-east-1", "us-gov-west-1",
  ]

  package init(region: String) {
    // botocore's region patterns, split on "-": `^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$`,
    // `^cn-\w+-\d+$`, `^eusc-(de)-\w+-\d+$`, `^us-iso-\w+-\d+$` and its siblings.
    let parts = region.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
    func word(_ part: String) -> Bool {
      !part.isEmpty && part.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == 0x5F }
    }
    func number(_ part: String) -> Bool { !part.isEmpty && part.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    let shaped = parts.count >= 3 && word(parts[parts.count - 2]) && number(parts[parts.count - 1])
    let head = shaped ? parts.dropLast(2).joined(separator: "-") : ""
    switch head {
    case "cn": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn")
    case "eusc-de": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-eusc", "amazonaws.eu", "api.amazonwebservices.eu")
    case "us-iso": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso", "c2s.ic.gov", "api.aws.ic.gov")
    case "us-isob": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud")
    case "eu-isoe": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk")
    case "us-isof": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov")
    case "us-gov": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-us-gov", "amazonaws.com", "api.aws")
    default:
      // The global pseudo-regions name their partition outright.
      switch region {
      case "aws-cn-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-cn", "amazonaws.com.cn", "api.amazonwebservices.com.cn")
      case "aws-iso-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso", "c2s.ic.gov", "api.aws.ic.gov")
      case "aws-iso-b-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-b", "sc2s.sgov.gov", "api.aws.scloud")
      case "aws-iso-e-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-e", "cloud.adc-e.uk", "api.cloud-aws.adc-e.uk")
      case "aws-iso-f-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-iso-f", "csp.hci.ic.gov", "api.aws.hci.ic.gov")
      case "aws-us-gov-global": (id, dnsSuffix, dualStackDnsSuffix) = ("aws-us-gov", "amazonaws.com", "api.aws")
      default: (id, dnsSuffix, dualStackDnsSuffix) = ("aws", "amazonaws.com", "api.aws")
      }
    }
  }
}
