import RoleshAWS
import RoleshConfig
import RoleshSupport

/// EC2 instance metadata (IMDSv2 with the v1 fallback rules) and the ECS/container credential
/// endpoint, as botocore speaks them.
package struct MetadataCredentials {
  package var transport: HTTPTransport
  package var environment: Environment
  /// The top-level profile, for the `ec2_metadata_*` and `metadata_service_*` keys.
  package var profile: Profile?
  package var sleep: (Double) -> Void = MonotonicClock.sleep

  package init(transport: HTTPTransport, environment: Environment, profile: Profile?) {
    self.transport = transport
    self.environment = environment
    self.profile = profile
  }

  private func setting(_ key: String, _ variable: String) -> String? {
    environment[variable] ?? profile?.text(key)
  }

  /// A number setting, checked: `inf` or `1e20` is an error, not a trap.
  private func number(_ key: String, _ variable: String, default value: Double, within range: ClosedRange<Double>) throws -> Double {
    guard let text = setting(key, variable).map(PythonText.strip), !text.isEmpty else { return value }
    guard let number = Numbers.seconds(text, within: range) else {
      throw SettingError(variable: environment[variable] != nil ? variable : key, value: text, expected: "a number from \(range.lowerBound) to \(range.upperBound)")
    }
    return number
  }

  // MARK: IMDS

  /// The IMDS base URL, ending in `/`.
  package func instanceMetadataBase() throws -> String {
    if let custom = setting("ec2_metadata_service_endpoint", "AWS_EC2_METADATA_SERVICE_ENDPOINT") {
      guard ParsedURL(custom) != nil else { throw SourceError("invalid IMDS endpoint \(custom)") }
      return custom.hasSuffix("/") ? custom : custom + "/"
    }
    let mode = setting("ec2_metadata_service_endpoint_mode", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE")?.lowercased()
    let ipv6 = mode == "ipv6" || setting("imds_use_ipv6", "AWS_IMDS_USE_IPV6")?.lowercased() == "true"
    if let mode, mode != "ipv4" && mode != "ipv6" {
      throw SourceError("invalid IMDS endpoint mode \(mode): use ipv4 or ipv6")
    }
    return ipv6 ? "http://[fd00:ec2::254]/" : "http://169.254.169.254/"
  }

  /// Credentials from IMDS, or `nil` when it gives none (disabled, unreachable, no role).
  package func instanceMetadata() throws -> AWSCredentials? {
    if environment.isTrue("AWS_EC2_METADATA_DISABLED") { return nil }
    let base = try instanceMetadataBase()
    let timeout = try number("metadata_service_timeout", "AWS_METADATA_SERVICE_TIMEOUT", default: 1, within: 0.01...300)
    let attempts = Int(try number("metadata_service_num_attempts", "AWS_METADATA_SERVICE_NUM_ATTEMPTS", default: 1, within: 1...20))
    let v1Disabled = setting("ec2_metadata_v1_disabled", "AWS_EC2_METADATA_V1_DISABLED")?.lowercased() == "true"

    // Step 1: a session token. 403/404/405 or a timeout mean IMDSv1 only; 400 means give up.
    var token: String?
    tokenLoop: for _ in 0..<attempts {
      let request = HTTPRequest(
        method: "PUT", url: base + "latest/api/token", headers: [("x-aws-ec2-metadata-token-ttl-seconds", "21600")],
        connectTimeout: timeout, totalTimeout: timeout)
      do {
        let response = try transport.send(request)
        switch response.status {
        case 200: token = response.text; break tokenLoop
        case 400: return nil
        case 403, 404, 405: break tokenLoop
        default: continue
        }
      } catch let error as TransportError {
        if error.kind == .timeout { break tokenLoop }
        continue
      }
    }
    if token == nil && v1Disabled {
      throw SourceError(
        "error retrieving metadata: unable to retrieve token for use in IMDSv2 call and IMDSv1 has been disabled")
    }
    let headers = token.map { [("x-aws-ec2-metadata-token", $0)] } ?? []
    func get(_ path: String, _ accept: (HTTPResponse) -> Bool) -> HTTPResponse? {
      for _ in 0..<attempts {
        let request = HTTPRequest(method: "GET", url: base + path, headers: headers, connectTimeout: timeout, totalTimeout: timeout)
        if let response = try? transport.send(request), response.status == 200, !response.body.isEmpty, accept(response) {
          return response
        }
      }
      return nil
    }
    guard let roleResponse = get("latest/meta-data/iam/security-credentials/", { _ in true }) else { return nil }
    let role = PythonText.strip(roleResponse.text)
    guard !role.isEmpty,
      let credentialsResponse = get("latest/meta-data/iam/security-credentials/\(role)", { JSON.parse($0.body) != nil }),
      let json = JSON.parse(credentialsResponse.body)
    else { return nil }
    return Self.decode(json, tokenKey: "Token", requireExpiration: true)
  }

  // MARK: Container endpoint

  /// The container credential URL, checked against botocore's host allow-list.
  package func containerURL() throws -> String? {
    if let relative = environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] {
      return "http://169.254.170.2" + relative
    }
    guard let full = environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] else { return nil }
    guard let url = ParsedURL(full) else { throw SourceError("AWS_CONTAINER_CREDENTIALS_FULL_URI is not a URL: \(full)") }
    if url.scheme == "https" { return full }
    let allowed = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "localhost", "::1"]
    let isLoopbackV4 = url.host.hasPrefix("127.") && url.host.split(separator: ".").count == 4
      && url.host.split(separator: ".").allSatisfy { UInt8($0) != nil }
    guard url.scheme == "http", isLoopbackV4 || allowed.contains(url.host) else {
      throw SourceError(
        "Unsupported host '\(url.host)'.  Can only retrieve metadata from a loopback address or one of these hosts: 169.254.170.2, 169.254.170.23, fd00:ec2::23, localhost")
    }
    return full
  }

  /// Credentials from the container endpoint, or `nil` when it is not configured.
  package func container() throws -> AWSCredentials? {
    guard let url = try containerURL() else { return nil }
    var lastProblem = "no answer"
    for attempt in 1...3 {
      var headers = [("Accept", "application/json")]
      // The token file is read again on every fetch, raw: a trailing newline is an error.
      var token: String?
      if let file = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] {
        guard let bytes = FileSystem.readRegularFile(file, limit: FileSystem.smallFileLimit) else {
          throw SourceError("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE \(file)")
        }
        token = String(decoding: bytes, as: UTF8.self)
      } else {
        token = environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
      }
      if let token {
        guard !token.contains("\n") && !token.contains("\r") else {
          throw SourceError("the container authorization token is not a legal header value (it contains a line break)")
        }
        headers.append(("Authorization", token))
      }
      do {
        let response = try transport.send(HTTPRequest(method: "GET", url: url, headers: headers, connectTimeout: 2, totalTimeout: 2))
        if response.status == 200, let json = JSON.parse(response.body),
          let credentials = Self.decode(json, tokenKey: "Token", requireExpiration: false)
        {
          return credentials
        }
        lastProblem = "HTTP \(response.status): \(String(response.text.prefix(200)))"
      } catch let error as TransportError {
        lastProblem = error.description
      }
      if attempt < 3 { sleep(1) }
    }
    throw SourceError("error when retrieving credentials from container-role: \(lastProblem)")
  }

  static func decode(_ json: JSON, tokenKey: String, requireExpiration: Bool) -> AWSCredentials? {
    guard let accessKey = json["AccessKeyId"]?.stringValue, let secret = json["SecretAccessKey"]?.stringValue else {
      return nil
    }
    let expiration = json["Expiration"]?.stringValue.flatMap { Timestamp(iso8601: $0) }
    if requireExpiration && (expiration == nil || json[tokenKey]?.stringValue == nil) { return nil }
    return AWSCredentials(
      accessKeyId: accessKey, secretAccessKey: secret, sessionToken: json[tokenKey]?.stringValue, expiration: expiration,
      accountId: json["AccountId"]?.stringValue)
  }
}
