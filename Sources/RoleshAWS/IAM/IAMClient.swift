import RoleshConfig
import RoleshSupport

/// The IAM operations key rotation uses (the caller's own keys: no UserName), over the query
/// protocol at IAM's global endpoint of the partition, or the configured one
/// (`AWS_ENDPOINT_URL_IAM`, `AWS_ENDPOINT_URL`, the `services` section's `iam`, `endpoint_url`).
package struct IAMClient {
  package var query: QueryProtocol

  package init(transport: HTTPTransport, endpoint: (url: String, signingRegion: String)) {
    query = QueryProtocol(
      transport: transport, url: endpoint.url, signingRegion: endpoint.signingRegion, service: "iam", version: "2010-05-08")
  }

  /// IAM's endpoint for `region`'s partition, or the configured one.
  package static func endpoint(region: String?, profile: Profile?, config: AWSConfig, environment: Environment) throws
    -> (url: String, signingRegion: String)
  {
    let partition = Partition(region: region ?? "us-east-1")
    let global: (String, String)
    switch partition.id {
    case "aws-cn": global = ("https://iam.cn-north-1.amazonaws.com.cn", "cn-north-1")
    case "aws-us-gov": global = ("https://iam.us-gov.amazonaws.com", "us-gov-west-1")
    default: global = ("https://iam.amazonaws.com", "us-east-1")
    }
    if let url = try ConfiguredEndpoint.url(variable: "IAM", servicesKey: "iam", profile: profile, config: config, environment: environment) {
      return (url, global.1)
    }
    return global
  }

  /// An access key of the caller.
  package struct AccessKey: Equatable, Sendable {
    package var accessKeyId: String
    package var status: String
  }

  /// ListAccessKeys.
  package func listAccessKeys(signedWith credentials: AWSCredentials) throws -> [AccessKey] {
    let body = try query.call("ListAccessKeys", [], signedWith: credentials)
    var keys: [AccessKey] = []
    var rest = Substring(body)
    while let start = rest.firstRange(of: "<member>"), let end = rest[start.upperBound...].firstRange(of: "</member>") {
      let member = String(rest[start.upperBound..<end.lowerBound])
      if let id = XMLText.value("AccessKeyId", in: member) {
        keys.append(AccessKey(accessKeyId: id, status: XMLText.value("Status", in: member) ?? "Active"))
      }
      rest = rest[end.upperBound...]
    }
    return keys
  }

  /// CreateAccessKey: the new key (its secret is shown only now).
  package func createAccessKey(signedWith credentials: AWSCredentials) throws -> (accessKeyId: String, secretAccessKey: String) {
    let body = try query.call("CreateAccessKey", [], signedWith: credentials)
    guard let id = XMLText.value("AccessKeyId", in: body), let secret = XMLText.value("SecretAccessKey", in: body) else {
      throw STSError(code: "MalformedResponse", message: "CreateAccessKey answered without a key", operation: "CreateAccessKey", httpStatus: 200)
    }
    return (id, secret)
  }

  /// DeleteAccessKey.
  package func deleteAccessKey(_ accessKeyId: String, signedWith credentials: AWSCredentials) throws {
    _ = try query.call("DeleteAccessKey", [("AccessKeyId", accessKeyId)], signedWith: credentials)
  }
}
