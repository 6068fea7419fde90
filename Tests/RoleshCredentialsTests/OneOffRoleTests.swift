import Testing

@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// `--role-arn` read into a role, and the role planned as the profile it stands for.
@Suite struct OneOffRoleTests {
  static let config = """
    [profile user]
    mfa_serial = arn:aws:iam::123456789012:mfa/alice
    region = eu-west-1

    [profile chained]
    role_arn = arn:aws:iam::123456789012:role/First
    source_profile = user
    mfa_serial = arn:aws:iam::123456789012:mfa/alice

    [profile plain]
    role_arn = arn:aws:iam::210987654321:role/Admin
    source_profile = user
    mfa_serial = arn:aws:iam::123456789012:mfa/alice
    role_session_name = me
    """

  let aws: AWSConfig
  let environment = Environment(["HOME": "/nonexistent", "USER": "tester"])

  init() throws {
    aws = AWSConfig(
      config: try INIParser.parse(bytes: Array(Self.config.utf8), path: "/c"),
      credentials: try INIParser.parse(bytes: Array("[user]\naws_access_key_id=AKIDUSER\naws_secret_access_key=s\n".utf8), path: "/k"))
  }

  func parse(_ arn: String, source: String? = "user", session: String? = nil, duration: String? = nil, externalId: String? = nil)
    throws -> OneOffRole
  {
    try OneOffRole.parse(
      roleArn: arn, source: source, sessionName: session, duration: duration, externalId: externalId, environment: environment)
  }

  @Test func shorthandExpandsAsAwsumeExpandsIt() throws {
    #expect(try parse("210987654321:Admin").roleArn == "arn:aws:iam::210987654321:role/Admin")
    #expect(try parse("aws-cn:210987654321:Admin").roleArn == "arn:aws-cn:iam::210987654321:role/Admin")
    #expect(try parse("arn:aws:iam::210987654321:role/team/Admin").roleArn == "arn:aws:iam::210987654321:role/team/Admin")
    for bad in [
      "Admin", "21098765432:Admin", "210987654321:", "arn:aws:iam::210987654321:user/bob", "arn:aws:sts::210987654321:role/A",
      "x:y:z:w", "AWS:210987654321:Admin", "210987654321:Ad min", "210987654321:\u{202E}Admin", String(repeating: "a", count: 65),
      "210987654321:" + String(repeating: "a", count: 65),
    ] {
      #expect(throws: GeneralError.self, "\(bad)") { try parse(bad) }
    }
  }

  @Test func optionsAreCheckedAsSTSChecksThem() throws {
    #expect(try parse("210987654321:Admin", duration: "900").durationSeconds == 900)
    #expect(try parse("210987654321:Admin", duration: "43200").durationSeconds == 43_200)
    for duration in ["899", "43201", "1h", "", "-900"] {
      #expect(throws: GeneralError.self) { try parse("210987654321:Admin", duration: duration) }
    }
    #expect(try parse("210987654321:Admin", session: "a+b=c,d.e@f_g-h").sessionName == "a+b=c,d.e@f_g-h")
    for session in ["a", "a b", String(repeating: "s", count: 65), "a/b"] {
      #expect(throws: GeneralError.self) { try parse("210987654321:Admin", session: session) }
    }
    #expect(try parse("210987654321:Admin", externalId: "urn:x/y=1").externalId == "urn:x/y=1")
    for id in ["x", "a b", "a\nb"] {
      #expect(throws: GeneralError.self) { try parse("210987654321:Admin", externalId: id) }
    }
  }

  @Test func theSourceMustExistAndDefaultsLikeTheAWSCLI() throws {
    // Checked when the role joins the config, which names the way it was chosen.
    let noDefault = #expect(throws: ConfigError.self) { try parse("210987654321:Admin", source: nil).adding(to: aws) }
    #expect(noDefault?.message.contains("profile default when no --source is given") == true)
    #expect(noDefault?.location == nil)
    let fromVariable = try OneOffRole.parse(
      roleArn: "210987654321:Admin", source: nil, sessionName: nil, duration: nil, externalId: nil,
      environment: Environment(["AWS_PROFILE": "user"]))
    #expect(fromVariable.sourceProfile == "user")
    #expect(throws: Never.self) { try fromVariable.adding(to: aws) }
    let missing = #expect(throws: ConfigError.self) { try parse("210987654321:Admin", source: "usr").adding(to: aws) }
    #expect(missing?.message.contains("did you mean user?") == true)
    #expect(missing?.code == .sourceProfileMissing && missing?.location?.description == "command line --source")
  }

  @Test func itIsPlannedAsTheProfileItStandsFor() throws {
    // The same settings as `plain`: the same steps and the same cache key.
    let role = try parse("210987654321:Admin", session: "me")
    let config = try role.adding(to: aws)
    let resolver = ProfileResolver(config: config, environment: environment)
    let oneOff = try resolver.resolve(.explicit(role.name))
    let configured = try resolver.resolve(.explicit("plain"))
    #expect(oneOff.steps.map(\.kind) == ["static", "mfa-session", "assume-role"])
    #expect(oneOff.steps.map(\.kind) == configured.steps.map(\.kind))
    #expect(oneOff.steps.map(\.cacheKey) == configured.steps.map(\.cacheKey))
    #expect(config.profile(role.name)?.text("region") == "eu-west-1")
    #expect(config.profile(role.name)?.location(of: "role_arn").description == "command line --role-arn")
    // Never listed among the config's profiles.
    #expect(!config.profileOrder.contains(role.name))
  }

  @Test func theDeviceIsInheritedOnlyFromASourceThatSignsWithItsOwnKeys() throws {
    let fromUser = try parse("210987654321:Admin").profile(in: aws)
    #expect(fromUser.text("mfa_serial") == "arn:aws:iam::123456789012:mfa/alice")
    let fromRole = try parse("210987654321:Admin", source: "chained").profile(in: aws)
    #expect(fromRole.text("mfa_serial") == nil)
    let plan = try ProfileResolver(config: aws.adding(commandLineProfile: fromRole), environment: environment)
      .resolve(.explicit(fromRole.name))
    #expect(plan.steps.map(\.kind) == ["static", "mfa-session", "assume-role", "assume-role"])
    #expect(plan.steps.last?.mfaSerial == nil)
  }

  @Test func itsSettingsRoundTripThroughJSON() throws {
    let role = try parse("210987654321:Admin", session: "me", duration: "1800", externalId: "ext-1")
    #expect(OneOffRole(json: JSON.parse(role.json.serialized())!) == role)
    let bare = try parse("210987654321:Admin")
    #expect(OneOffRole(json: JSON.parse(bare.json.serialized())!) == bare)
    #expect(OneOffRole(json: JSON.parse(#"{"role_arn":"not an arn","source_profile":"user"}"#)!) == nil)
    #expect(OneOffRole(json: JSON.parse(#"{"role_arn":"arn:aws:iam::210987654321:role/A","source_profile":"user","duration_seconds":5}"#)!) == nil)
    // A settings file edited behind rolesh's back is held to the options' rules.
    #expect(OneOffRole(json: JSON.parse(#"{"role_arn":"210987654321:A","source_profile":"user"}"#)!) == nil)
    #expect(OneOffRole(json: JSON.parse(#"{"role_arn":"arn:aws:iam::210987654321:role/A","source_profile":"user","role_session_name":"a\nb"}"#)!) == nil)
    #expect(OneOffRole(json: JSON.parse(#"{"role_arn":"arn:aws:iam::210987654321:role/A","source_profile":"user","external_id":"x y"}"#)!) == nil)
    // The external id is never in what rolesh prints.
    #expect(role.options == "--role-arn arn:aws:iam::210987654321:role/Admin --source user --session-name me --duration 1800 --external-id …")
  }
}
