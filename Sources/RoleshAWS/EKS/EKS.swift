import RoleshConfig
import RoleshSupport

/// What kubectl needs from AWS for an EKS cluster: the bearer token (a presigned STS
/// GetCallerIdentity URL, which the cluster's authenticator calls to learn who you are) and the
/// cluster's endpoint and CA (DescribeCluster).
package enum EKSToken {
  /// Minutes a token is offered for: EKS accepts one for 15 minutes after its signing time;
  /// `aws eks get-token` says 14, leaving a minute for clocks.
  package static let lifetime = 14 * 60

  /// `k8s-aws-v1.` + the unpadded base64url of the presigned URL (`X-Amz-Expires=60`, the
  /// header `x-k8s-aws-id: CLUSTER` signed).
  package static func make(credentials: AWSCredentials, cluster: String, endpoint: STSEndpoint, time: Timestamp) -> String? {
    let signer = SigV4Signer(
      accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken,
      region: endpoint.signingRegion, service: "sts")
    guard
      let url = signer.presignedURL(
        base: endpoint.url, parameters: [("Action", "GetCallerIdentity"), ("Version", "2011-06-15")],
        headers: [("x-k8s-aws-id", cluster)], expires: 60, time: time)
    else { return nil }
    return "k8s-aws-v1." + Base64URL.encode(Array(url.utf8))
  }

  /// The `ExecCredential` kubectl reads from an exec plugin, in `apiVersion`
  /// (`client.authentication.k8s.io/v1beta1` or `/v1`).
  package static func execCredential(token: String, expiration: Timestamp, apiVersion: String) -> String {
    JSON.object([
      ("kind", .string("ExecCredential")), ("apiVersion", .string(apiVersion)), ("spec", .object([])),
      ("status", .object([("expirationTimestamp", .string(expiration.description)), ("token", .string(token))])),
    ]).serialized()
  }

  /// The API version kubectl asks for in `KUBERNETES_EXEC_INFO`, else v1beta1.
  package static func apiVersion(_ environment: Environment) -> String {
    if let info = environment.nonEmpty("KUBERNETES_EXEC_INFO").flatMap({ JSON.parse(Array($0.utf8)) }),
      let version = info["apiVersion"]?.stringValue, version == "client.authentication.k8s.io/v1"
    {
      return version
    }
    return "client.authentication.k8s.io/v1beta1"
  }
}

/// DescribeCluster (EKS's REST-JSON API, SigV4 `eks`) at the region's endpoint or the
/// configured one (`AWS_ENDPOINT_URL_EKS`, `AWS_ENDPOINT_URL`, the `services` section's `eks`).
package struct EKSClient {
  package var transport: HTTPTransport
  package var url: String
  package var region: String
  package var timeout: Double = 30
  package var clock: () -> Timestamp = { .now() }

  package init(transport: HTTPTransport, url: String, region: String) {
    self.transport = transport
    self.url = url
    self.region = region
  }

  package static func endpoint(region: String, profile: Profile?, config: AWSConfig, environment: Environment) throws -> String {
    try ConfiguredEndpoint.checkRegion(region, profile: profile?.name)
    if let url = try ConfiguredEndpoint.url(variable: "EKS", servicesKey: "eks", profile: profile, config: config, environment: environment) {
      return url
    }
    return "https://eks.\(region).\(Partition(region: region).dnsSuffix)"
  }

  /// What a kubeconfig needs of a cluster.
  package struct Cluster: Equatable, Sendable {
    package var arn: String
    package var endpoint: String
    package var certificateAuthority: String
  }

  package func describeCluster(_ name: String, credentials: AWSCredentials) throws -> Cluster {
    var base = url
    while base.hasSuffix("/") { base.removeLast() }
    let target = base + "/clusters/" + SigV4Signer.percentEncode(name, keeping: "")
    guard let parsed = ParsedURL(target) else {
      throw ConfigError(.endpointConfig, "the EKS endpoint \(url) is not a valid http(s) URL")
    }
    let signer = SigV4Signer(
      accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey, sessionToken: credentials.sessionToken,
      region: region, service: "eks")
    let headers = signer.sign(method: "GET", url: parsed, headers: [], body: [], time: clock()).headers
    let request = HTTPRequest(method: "GET", url: target, headers: headers, connectTimeout: min(10, timeout), totalTimeout: timeout)
    let response = try RetryPolicy.run(maxAttempts: 3, sleep: MonotonicClock.sleep) { () throws -> HTTPResponse in
      let response = try transport.send(request)
      if response.status >= 500 || response.status == 429 {
        throw STSError(code: "HTTP\(response.status)", message: "EKS answered \(response.status)", operation: "DescribeCluster", httpStatus: response.status)
      }
      return response
    }
    let json = JSON.parse(response.body)
    guard (200..<300).contains(response.status) else {
      // REST-JSON errors; an authorization failure may come back in the query protocol's XML.
      let code = response.headers["x-amzn-errortype"].map { String($0.prefix { $0 != ":" }) } ?? json?["__type"]?.stringValue
        ?? XMLText.value("Code", in: response.text) ?? "HTTP\(response.status)"
      if code == "ResourceNotFoundException" || response.status == 404 {
        throw GeneralError("no EKS cluster \(name) in region \(region) (DescribeCluster: \(code)); check --cluster and --region", status: .configuration)
      }
      let detail = json?["message"]?.stringValue ?? json?["Message"]?.stringValue ?? XMLText.value("Message", in: response.text)
        ?? "HTTP status \(response.status)"
      throw GeneralError(
        "EKS DescribeCluster failed (\(code)): \(TerminalText.sanitized(String(detail.prefix(300)), keepNewlines: false))",
        status: response.status == 403 ? .permission : .unavailable)
    }
    guard let cluster = json?["cluster"], let endpoint = cluster["endpoint"]?.stringValue,
      let ca = cluster["certificateAuthority"]?["data"]?.stringValue, let arn = cluster["arn"]?.stringValue
    else {
      throw GeneralError("EKS DescribeCluster answered without the cluster's endpoint and certificate", status: .unavailable)
    }
    return Cluster(arn: arn, endpoint: endpoint, certificateAuthority: ca)
  }
}
