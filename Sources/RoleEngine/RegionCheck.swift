import RoleshAWS
import RoleshCredentials

/// A `--region` a person typed, checked against the regions botocore knows: an unknown one is
/// still used (AWS adds regions) but said, with the closest known names.
package enum RegionCheck {
  /// The warning for `region`, or nil when botocore knows it.
  package static func warning(for region: String) -> String? {
    guard !Partition.knownRegions.contains(region) else { return nil }
    let close = ProfileSuggestions.closest(to: region, among: Partition.knownRegions)
    return "rolesh: warning: \(region) is not a region botocore knows" + (close.isEmpty ? "" : "; did you mean \(close.joined(separator: ", "))?")
  }
}
