import Testing

@testable import RoleshConfig
@testable import RoleshCredentials
@testable import RoleshSupport

/// The resolution cases observed from botocore that need no network: the decision
/// (steps and cache files) or the error code and message.
@Suite struct ConformanceTests {
  static let base = "[base]\naws_access_key_id=AKIDBASE\naws_secret_access_key=s\n"
  static let role = "arn:aws:iam::123456789012:role/Admin"

  func resolve(
    config: String = "", credentials: String = "", env: [String: String] = [:], _ selection: ProfileSelection
  ) throws -> ResolutionPlan {
    let aws = AWSConfig(
      config: try INIParser.parse(bytes: Array(config.utf8), path: "/home/.aws/config"),
      credentials: try INIParser.parse(bytes: Array(credentials.utf8), path: "/home/.aws/credentials"))
    var variables = ["AWS_EC2_METADATA_DISABLED": "true", "HOME": "/home", "USER": "alice"]
    variables.merge(env) { _, new in new }
    return try ProfileResolver(config: aws, environment: Environment(variables)).resolve(selection)
  }

  func error(
    config: String = "", credentials: String = "", env: [String: String] = [:], _ selection: ProfileSelection
  ) -> ConfigError? {
    do {
      _ = try resolve(config: config, credentials: credentials, env: env, selection)
      return nil
    } catch let error as ConfigError {
      return error
    } catch {
      return nil
    }
  }

  /// The plan's AWS CLI cache keys (rolesh's own MFA-session entries, marked by a prefix, have
  /// no botocore counterpart).
  func cacheFiles(_ plan: ResolutionPlan) -> [String] {
    plan.steps.compactMap { $0.cacheKey }.filter { $0.prefix.isEmpty }.map(\.hash)
  }

  @Test func t01StaticFromCredentialsFile() throws {
    let plan = try resolve(credentials: "[default]\naws_access_key_id=AKIDDEFAULT\naws_secret_access_key=s\n", .implicitDefault)
    #expect(
      plan.steps.map { $0 as? StaticKeysStep }
        == [StaticKeysStep(profile: "default", origin: .credentialsFile, location: .init(file: "/home/.aws/credentials", line: 2))])
  }

  @Test func t02StaticFromConfigFile() throws {
    let plan = try resolve(
      config: "[profile dev]\naws_access_key_id=AKIDDEV\naws_secret_access_key=s\naws_session_token=t\n",
      .environment("dev", variable: "AWS_PROFILE"))
    guard let step = plan.steps.first as? StaticKeysStep, step.origin == .configFile else { Issue.record("\(plan)"); return }
  }

  @Test func t03CredentialsFileKeysWin() throws {
    let plan = try resolve(
      config: "[default]\naws_access_key_id=CFG\naws_secret_access_key=s\n",
      credentials: "[default]\naws_access_key_id=CRED\naws_secret_access_key=s\n", .explicit("default"))
    guard let step = plan.steps.first as? StaticKeysStep, step.origin == .credentialsFile else { Issue.record("\(plan)"); return }
  }

  @Test func t04AndT06RoleWithSourceProfile() throws {
    let config = "[profile role]\nrole_arn=\(Self.role)\nsource_profile=base\n"
    // T06: env keys are ignored for an explicit profile.
    let plan = try resolve(
      config: config, credentials: Self.base, env: ["AWS_ACCESS_KEY_ID": "AKIDENV", "AWS_SECRET_ACCESS_KEY": "s"],
      .explicit("role"))
    #expect(plan.steps.count == 2)
    #expect(cacheFiles(plan) == ["51e7b105b5040ce662656c8dc6ab4de70c4de7ad"])
    guard let step = plan.steps[1] as? AssumeRoleStep else { Issue.record("\(plan)"); return }
    #expect(step.sessionName == .text("rolesh-alice"))
    #expect(step.sessionNameOrigin == .default)
  }

  @Test func t07MissingProfileFailsEvenWithEnvKeys() {
    let error = error(
      config: "[default]\nregion=us-east-1\n", env: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s"],
      .environment("nope", variable: "AWS_PROFILE"))
    #expect(error?.code == .profileNotFound)
    #expect(error?.message.contains("(nope)") == true)
  }

  @Test func t08SelfReferenceWithKeys() throws {
    let plan = try resolve(
      config: "[profile self]\nrole_arn=\(Self.role)\nsource_profile=self\naws_access_key_id=AKIDSELF\naws_secret_access_key=s\n",
      .explicit("self"))
    #expect(plan.steps.count == 2)
    guard let keys = plan.steps[0] as? StaticKeysStep, keys.profile == "self", keys.origin == .configFile else {
      Issue.record("\(plan)")
      return
    }
    #expect(cacheFiles(plan) == ["51e7b105b5040ce662656c8dc6ab4de70c4de7ad"])
  }

  @Test func t09SelfLoopWithoutKeys() {
    let error = error(config: "[profile self]\nrole_arn=\(Self.role)\nsource_profile=self\n", .explicit("self"))
    #expect(error?.code == .infiniteLoop)
    #expect(error?.message.contains("profile self comes back after self → self") == true)
    #expect(error?.location == SourceLocation(file: "/home/.aws/config", line: 3))
  }

  @Test func t10TwoProfileLoop() {
    let error = error(
      config: "[profile A]\nrole_arn=arn:aws:iam::1:role/A\nsource_profile=B\n[profile B]\nrole_arn=arn:aws:iam::1:role/B\nsource_profile=A\n",
      .explicit("A"))
    #expect(error?.code == .infiniteLoop)
    // botocore's code, rolesh's words: the chain as a path, not a Python list.
    #expect(error?.message.contains("profile A comes back after A → B → A") == true)
    #expect(error?.message.contains("['") == false)
  }

  @Test func loopDeeperInTheChain() {
    let config = """
      [profile A]
      role_arn=a
      source_profile=B
      [profile B]
      role_arn=b
      source_profile=C
      [profile C]
      role_arn=c
      source_profile=B
      """
    let error = error(config: config, .explicit("A"))
    #expect(error?.message.contains("profile B comes back after A → B → C → B") == true)
  }

  @Test func t11SourceProfileMissing() {
    let error = error(config: "[profile a]\nrole_arn=\(Self.role)\nsource_profile=ghost\n", .explicit("a"))
    #expect(error?.code == .sourceProfileMissing)
    #expect(error?.message.hasPrefix("the source_profile \"ghost\" referenced in the profile \"a\" does not exist") == true)
  }

  @Test func t12BothSources() {
    let error = error(
      config: "[profile a]\nrole_arn=\(Self.role)\nsource_profile=base\ncredential_source=Environment\n",
      credentials: Self.base, .explicit("a"))
    #expect(error?.code == .bothSources)
    #expect(error?.location?.line == 4)
  }

  @Test func t13RoleWithStaticKeysButNoSource() {
    let error = error(
      config: "[profile a]\nrole_arn=\(Self.role)\naws_access_key_id=A\naws_secret_access_key=s\n", .explicit("a"))
    #expect(error?.code == .noSource)
  }

  @Test func t14CredentialSourceIsCaseSensitive() {
    let error = error(config: "[profile a]\nrole_arn=\(Self.role)\ncredential_source=environment\n", .explicit("a"))
    #expect(error?.code == .invalidCredentialSource)
    #expect(error?.message.hasPrefix("the credential source \"environment\" referenced in profile \"a\" is not valid") == true)
  }

  @Test func t15EnvironmentSourceWithoutKeys() {
    let error = error(config: "[profile a]\nrole_arn=\(Self.role)\ncredential_source=Environment\n", .explicit("a"))
    #expect(error?.code == .noCredentials)
    #expect(error?.message.contains("no credentials found in credential_source referenced in profile a") == true)
  }

  @Test func environmentSourceWithKeys() throws {
    let plan = try resolve(
      config: "[profile a]\nrole_arn=\(Self.role)\ncredential_source=Environment\n",
      env: ["AWS_ACCESS_KEY_ID": "A", "AWS_SECRET_ACCESS_KEY": "s"], .explicit("a"))
    guard let source = plan.steps[0] as? CredentialSourceStep, source.profile == "a", source.source == .environment else {
      Issue.record("\(plan)")
      return
    }
  }

  @Test func imdsDisabledAndContainerUnsetGiveNoCredentials() {
    for source in ["Ec2InstanceMetadata", "EcsContainer"] {
      let error = error(config: "[profile a]\nrole_arn=\(Self.role)\ncredential_source=\(source)\n", .explicit("a"))
      #expect(error?.code == .noCredentials)
    }
  }

  @Test func t16SourceWithoutCredentials() {
    let error = error(
      config: "[profile a]\nrole_arn=\(Self.role)\nsource_profile=b\n[profile b]\nregion=us-east-1\n", .explicit("a"))
    #expect(error?.code == .sourceWithoutCredentials)
    #expect(error?.message.hasPrefix("the source profile \"b\" must have credentials") == true)
  }

  @Test func t17PartialKeysInSource() {
    let error = error(
      config: "[profile a]\nrole_arn=\(Self.role)\nsource_profile=b\n[profile b]\nregion=us-east-1\n",
      credentials: "[b]\naws_access_key_id=AK\n", .explicit("a"))
    #expect(error?.code == .partialCredentials)
    #expect(error?.message.hasPrefix("partial credentials found in shared-credentials-file, missing: aws_secret_access_key") == true)
  }

  @Test func t18TwoHopChainCachesBothHops() throws {
    let plan = try resolve(
      config: "[profile A]\nrole_arn=arn:aws:iam::123456789012:role/A\nsource_profile=B\n[profile B]\nrole_arn=arn:aws:iam::210987654321:role/B\nsource_profile=C\n",
      credentials: "[C]\naws_access_key_id=AK\naws_secret_access_key=s\n", .explicit("A"))
    #expect(plan.steps.map(\.profile) == ["C", "B", "A"])
    #expect(cacheFiles(plan) == ["f30eb6af8d607df4b5654b52ef4fbc9f917f1022", "2807bfcd7c5bd8aa285ad333d88b7686b1fa34f9"])
  }

  @Test func t19SelfReferenceDeeperUsesTheKeys() throws {
    let plan = try resolve(
      config: "[profile A]\nrole_arn=arn:aws:iam::123456789012:role/A\nsource_profile=B\n[profile B]\nrole_arn=arn:aws:iam::210987654321:role/B\nsource_profile=B\naws_access_key_id=AKIDB\naws_secret_access_key=s\n",
      .explicit("A"))
    #expect(plan.steps.map(\.profile) == ["B", "A"])
    #expect(cacheFiles(plan) == ["2807bfcd7c5bd8aa285ad333d88b7686b1fa34f9"])
  }

  @Test func t21CredentialsSectionNamesAreLiteral() throws {
    let credentials = "[profile foo]\naws_access_key_id=AKIDFOO\naws_secret_access_key=s\n"
    #expect(error(credentials: credentials, .environment("foo", variable: "AWS_PROFILE"))?.code == .profileNotFound)
    let plan = try resolve(credentials: credentials, .environment("profile foo", variable: "AWS_PROFILE"))
    #expect(plan.steps.count == 1)
  }

  @Test func t23IndentedKeyIsSwallowed() {
    let error = error(config: "[profile role]\nrole_arn=\(Self.role)\n  source_profile=base\n", credentials: Self.base, .explicit("role"))
    #expect(error?.code == .noSource)
  }

  @Test func t25InvalidDurationIsDropped() throws {
    let plan = try resolve(
      config: "[profile role]\nrole_arn=\(Self.role)\nsource_profile=base\nduration_seconds=1h\n", credentials: Self.base,
      .explicit("role"))
    #expect(cacheFiles(plan) == ["51e7b105b5040ce662656c8dc6ab4de70c4de7ad"])
  }

  @Test func t26MFAProfileKey() throws {
    let plan = try resolve(
      config: "[profile role]\nrole_arn=\(Self.role)\nsource_profile=base\nmfa_serial=arn:aws:iam::123456789012:mfa/alice\nrole_session_name=alice\n",
      credentials: Self.base, .explicit("role"))
    #expect(cacheFiles(plan) == ["2d888889a71ca40cf5832b6384652ef19e9ba32f"])
    // Over long-term keys, the code goes to an MFA session instead (issue 11).
    #expect(plan.steps.map(\.kind) == ["static", "mfa-session", "assume-role"])
  }

  @Test func t27WebIdentityFromEnvironment() throws {
    let env = [
      "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Web", "AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/token",
      "AWS_ROLE_SESSION_NAME": "ci-run",
    ]
    let plan = try resolve(env: env, .implicitDefault)
    #expect(cacheFiles(plan) == ["356db9bc65d0167be0fa1be2c54af01808f93c1c"])
  }

  @Test func t28WebIdentityEnvBeatsStaticKeysUnlessExplicit() throws {
    let credentials = "[p]\naws_access_key_id=AKIDFILE\naws_secret_access_key=s\n"
    let env = ["AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/Web", "AWS_WEB_IDENTITY_TOKEN_FILE": "/tmp/token"]
    let viaEnv = try resolve(credentials: credentials, env: env, .environment("p", variable: "AWS_PROFILE"))
    guard viaEnv.steps[0] is WebIdentityStep else { Issue.record("\(viaEnv)"); return }
    let explicit = try resolve(credentials: credentials, env: env, .explicit("p"))
    guard let keys = explicit.steps[0] as? StaticKeysStep, keys.origin == .credentialsFile else { Issue.record("\(explicit)"); return }
  }

  @Test func t29WebIdentityWithoutRole() {
    let error = error(config: "[profile w]\nweb_identity_token_file=/tmp/t\n", .explicit("w"))
    #expect(error?.code == .webIdentityNoRole)
  }

  @Test func t31SourceFromDefaultSection() throws {
    let plan = try resolve(
      config: "[DEFAULT]\nsource_profile=base\n[profile role]\nrole_arn=\(Self.role)\n", credentials: Self.base,
      .explicit("role"))
    #expect(plan.steps.map(\.profile) == ["base", "role"])
  }

  @Test func roleArnWithWebIdentityUsesWebIdentity() throws {
    let plan = try resolve(
      config: "[profile w]\nrole_arn=\(Self.role)\nweb_identity_token_file=/t\nsource_profile=ghost\n", .explicit("w"))
    #expect(cacheFiles(plan) == ["51e7b105b5040ce662656c8dc6ab4de70c4de7ad"])
  }

  @Test func credentialProcessSource() throws {
    let plan = try resolve(
      config: "[profile r]\nrole_arn=\(Self.role)\nsource_profile=p\n[profile p]\ncredential_process = /bin/creds --x\n",
      .explicit("r"))
    guard let process = plan.steps[0] as? CredentialProcessStep, process.profile == "p", process.command == .text("/bin/creds --x") else {
      Issue.record("\(plan)")
      return
    }
  }

  @Test func emptyOrUnbalancedCredentialProcessIsAnError() {
    // botocore crashes at load (IndexError / ValueError from the split); rolesh says why.
    for command in ["", "'unbalanced"] {
      let error = error(config: "[profile p]\ncredential_process = \(command)\n", .explicit("p"))
      #expect(error?.code == .noCredentials)
      #expect(error?.location?.line == 2)
    }
  }

  @Test func regionFollowsV2Order() throws {
    let config = "[profile p]\naws_access_key_id=A\naws_secret_access_key=s\nregion=eu-west-1\n"
    #expect(try resolve(config: config, .explicit("p")).region == "eu-west-1")
    #expect(try resolve(config: config, env: ["AWS_DEFAULT_REGION": "us-west-2"], .explicit("p")).region == "us-west-2")
    #expect(try resolve(config: config, env: ["AWS_REGION": "ap-south-1", "AWS_DEFAULT_REGION": "x"], .explicit("p")).region == "ap-south-1")
  }

  @Test func selectionOrderIsV2() {
    let env = Environment(["AWS_PROFILE": "p2", "AWS_DEFAULT_PROFILE": "p1"])
    #expect(ProfileSelection.choose(argument: nil, environment: env).name == "p2")
    #expect(ProfileSelection.choose(argument: "x", environment: env) == .explicit("x"))
    #expect(ProfileSelection.choose(argument: nil, environment: Environment([:])) == .implicitDefault)
  }

  @Test func defaultSessionNameIsSanitised() {
    #expect(SessionName.defaultName(user: "alice") == "rolesh-alice")
    #expect(SessionName.defaultName(user: "a b/ø") == "rolesh-a-b--")
    #expect(SessionName.defaultName(user: String(repeating: "x", count: 100)).count == 64)
  }
}
