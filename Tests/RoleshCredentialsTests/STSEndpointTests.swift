import Testing

@testable import RoleshAWS
@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// STS endpoint and signing-region rules, as botocore applies them.
@Suite struct STSEndpointTests {
  func endpoint(_ config: String = "[profile p]\n", env: [String: String] = [:], region: String?) throws -> STSEndpoint {
    let aws = AWSConfig(
      config: try INIParser.parse(bytes: Array(config.utf8), path: "/c"), credentials: .empty(path: "/k"))
    return try STSEndpoint.resolve(profile: aws.profile("p"), config: aws, environment: Environment(env), region: region)
  }

  @Test func noRegionIsGlobal() throws {
    #expect(try endpoint(region: nil) == STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1"))
  }

  @Test func regionalByDefault() throws {
    #expect(try endpoint(region: "eu-west-1") == STSEndpoint(url: "https://sts.eu-west-1.amazonaws.com", signingRegion: "eu-west-1"))
    #expect(try endpoint(region: "cn-north-1").url == "https://sts.cn-north-1.amazonaws.com.cn")
    #expect(try endpoint(region: "us-gov-west-1").url == "https://sts.us-gov-west-1.amazonaws.com")
    #expect(try endpoint(region: "aws-global").url == "https://sts.amazonaws.com")
  }

  @Test func legacyModeSendsListedRegionsToGlobal() throws {
    let legacy = ["AWS_STS_REGIONAL_ENDPOINTS": "legacy"]
    #expect(try endpoint(env: legacy, region: "eu-west-1") == STSEndpoint(url: "https://sts.amazonaws.com", signingRegion: "us-east-1"))
    #expect(try endpoint(env: legacy, region: "af-south-1").url == "https://sts.af-south-1.amazonaws.com")
    #expect(try endpoint("[profile p]\nsts_regional_endpoints = legacy\n", region: "us-west-2").url == "https://sts.amazonaws.com")
    #expect(throws: ConfigError.self) { try endpoint(env: ["AWS_STS_REGIONAL_ENDPOINTS": "bogus"], region: "eu-west-1") }
  }

  @Test func fipsAndDualStack() throws {
    #expect(try endpoint(env: ["AWS_USE_FIPS_ENDPOINT": "true"], region: "us-east-2").url == "https://sts-fips.us-east-2.amazonaws.com")
    #expect(try endpoint(env: ["AWS_USE_DUALSTACK_ENDPOINT": "true"], region: "us-east-2").url == "https://sts.us-east-2.api.aws")
    #expect(try endpoint("[profile p]\nuse_fips_endpoint = true\n", region: "us-west-1").url == "https://sts-fips.us-west-1.amazonaws.com")
  }

  @Test func configuredEndpointOrder() throws {
    let config = "[profile p]\nendpoint_url = http://profile\nservices = s\n[services s]\nsts =\n  endpoint_url = http://services\n"
    #expect(try endpoint(config, env: ["AWS_ENDPOINT_URL_STS": "http://sts", "AWS_ENDPOINT_URL": "http://all"], region: "eu-west-1")
      == STSEndpoint(url: "http://sts", signingRegion: "eu-west-1"))
    #expect(try endpoint(config, env: ["AWS_ENDPOINT_URL": "http://all"], region: nil).url == "http://all")
    #expect(try endpoint(config, region: nil).url == "http://services")
    #expect(try endpoint("[profile p]\nendpoint_url = http://profile/path\n", region: nil).url == "http://profile/path")
    #expect(try endpoint(config, env: ["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true", "AWS_ENDPOINT_URL_STS": "http://sts"], region: "eu-west-1").url
      == "https://sts.eu-west-1.amazonaws.com")
  }

  @Test func invalidRegionAndMissingServices() {
    #expect(throws: ConfigError.self) { try endpoint(region: "not a region!") }
    #expect(throws: ConfigError.self) { try endpoint("[profile p]\nservices = nope\n", region: nil) }
  }
}

@Suite struct STSResponseTests {
  @Test func xmlValuesAndEntities() {
    let body = "<R><Credentials><AccessKeyId>AK</AccessKeyId><SessionToken>a&amp;b&#x41;&#66;</SessionToken></Credentials><Arn>x</Arn></R>"
    #expect(XMLText.value("SessionToken", in: body, within: "Credentials") == "a&bAB")
    #expect(XMLText.value("Arn", in: body, within: "Credentials") == nil)
    #expect(XMLText.value("Arn", in: body) == "x")
  }

  @Test func bothErrorShapesAreRead() {
    let validation = "<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code><Message>bad</Message></Error></ErrorResponse>"
    let auth = "<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>sig</Message></Error></Errors></ErrorResponse>"
    #expect(XMLText.value("Code", in: validation) == "ValidationError")
    #expect(XMLText.value("Code", in: auth) == "SignatureDoesNotMatch")
  }

  @Test func formEncodingMatchesPythonURLEncode() {
    #expect(FormEncoding.encode([("RoleArn", "arn:aws:iam::1:role/a b"), ("X", "~-_.*")]) == "RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fa+b&X=~-_.%2A")
  }
}

@Suite struct CacheFormatTests {
  @Test(arguments: [
    "2026-11-29T12:26:23UTC", "2026-11-29T12:26:23Z", "2026-11-29T12:26:23+00:00", "2026-11-29T12:26:23.176061Z",
    "2026-11-29T13:26:23+01:00",
  ])
  func expirationForms(text: String) throws {
    #expect(Timestamp(iso8601: text)?.description == "2026-11-29T12:26:23Z")
  }

  @Test func zonelessTimestampIsRejected() {
    #expect(Timestamp(iso8601: "2026-11-29T12:26:23") == nil)
  }

  @Test func entryRoundTripsInBotocoreShape() throws {
    let expiration = try #require(Timestamp(iso8601: "2026-11-29T12:26:23Z"))
    let role = STSClient.RoleCredentials(
      credentials: AWSCredentials(accessKeyId: "ASIA", secretAccessKey: "s", sessionToken: "t", expiration: expiration, accountId: "1"),
      expirationText: "2026-11-29T12:26:23.5Z", assumedRoleId: "AROA:x", assumedRoleArn: "arn:aws:sts::1:assumed-role/R/x")
    let text = role.cacheDocument.serialized(.python)
    #expect(text.hasPrefix("{\"Credentials\": {\"AccessKeyId\": \"ASIA\", \"SecretAccessKey\": \"s\", \"SessionToken\": \"t\", \"Expiration\": \"2026-11-29T12:26:23UTC\""))
    #expect(CacheEntry.decode(Array(text.utf8))?.credentials == role.credentials)
  }

  @Test func wronglyShapedEntriesDoNotDecode() {
    for text in ["{not json", "{\"foo\": 1}", "{\"Credentials\": {\"AccessKeyId\": \"A\"}}", "", "[]"] {
      #expect(CacheEntry.decode(Array(text.utf8)) == nil)
    }
  }
}
