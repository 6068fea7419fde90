import Foundation
import RoleshTestSupport
import Testing

@testable import RoleEngine
@testable import RoleshAWS
@testable import RoleshCredentials
@testable import RoleshShell
@testable import RoleshSupport

/// The use cases, run on a runtime whose network is a script (no curl, no terminal): what each
/// sends, what it returns, and that the shell's own keys are read once, the way botocore reads
/// them (`AWS_SECURITY_TOKEN` too).
@Suite struct UseCaseTests {
  static let keys = "[alice]\naws_access_key_id = AKIDALICE\naws_secret_access_key = alice-secret\n"
  static let role = "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = alice\nregion = eu-west-1\n"

  @Test func whoamiSignsWithTheShellsKeysAndTheirSecurityToken() throws {
    let home = try TestHome(
      config: "", answers: [.response(200, callerIdentityAnswer(arn: "arn:aws:sts::123456789012:assumed-role/Admin/s"))],
      variables: [
        "AWS_ACCESS_KEY_ID": "ASIASHELL", "AWS_SECRET_ACCESS_KEY": "shell-secret", "AWS_SECURITY_TOKEN": "legacy-token",
        "AWS_REGION": "eu-west-1",
      ])
    let identity = try CallerIdentity.of(profile: nil, runtime: home.runtime)
    #expect(identity.arn == "arn:aws:sts::123456789012:assumed-role/Admin/s")
    #expect(home.transport.requests.count == 1)
    #expect(home.headers(0)["x-amz-security-token"] == "legacy-token")
    #expect(home.headers(0)["authorization"]?.contains("Credential=ASIASHELL/") == true)
    #expect(home.transport.requests[0].url.contains("sts.eu-west-1.amazonaws.com"))
    #expect(CallerIdentity.render(identity, json: true).hasPrefix(#"{"UserId": "AIDA:session""#))
  }

  @Test func consoleWithASessionSkipsGetFederationTokenAndSendsTheSession() throws {
    let home = try TestHome(
      config: "",
      answers: [
        .response(200, callerIdentityAnswer(arn: "arn:aws:sts::123456789012:assumed-role/Admin/s")),
        .response(200, #"{"SigninToken":"signin-token-1"}"#),
      ],
      variables: [
        "AWS_ACCESS_KEY_ID": "ASIASHELL", "AWS_SECRET_ACCESS_KEY": "shell-secret", "AWS_SESSION_TOKEN": "session-token",
        "ROLESH_FEDERATION_URL": "https://federation.test/federation",
      ])
    var launch = ConsoleLaunch(runtime: home.runtime)
    launch.region = "us-west-2"
    let (url, _) = try launch.signInURL()
    #expect(url.hasPrefix("https://federation.test/federation?Action=login&Issuer=rolesh&Destination="))
    #expect(url.hasSuffix("&SigninToken=signin-token-1"))
    #expect(home.transport.requests.count == 2)
    let federation = home.transport.requests[1].url
    #expect(federation.contains("Action=getSigninToken") && !federation.contains("SessionDuration"))
    #expect(federation.contains("session-token"))
    // An assumed-role session cannot set the console session's length: refused before the
    // federation endpoint is asked.
    home.transport.answers = [.response(200, callerIdentityAnswer(arn: "arn:aws:sts::123456789012:assumed-role/Admin/s"))]
    launch.duration = 3600
    #expect(throws: GeneralError.self) { try launch.signInURL() }
    #expect(home.transport.requests.count == 3)
  }

  @Test func consoleAsksTheStepNotItsType() throws {
    // A role assumed directly from long-term keys may set SessionDuration: the step says so.
    let home = try TestHome(config: Self.role, credentials: Self.keys)
    let config = try home.runtime.config()
    let plan = try ProfileResolver(config: config, environment: home.runtime.environment).resolve(.explicit("admin"))
    let credentials = AWSCredentials(accessKeyId: "ASIA", secretAccessKey: "s", sessionToken: "t")
    guard case .session(_, let kind) = try ConsoleSignIn.classify(credentials, plan: plan, config: config, callerArn: { "unused" }) else {
      Issue.record("a role is a session")
      return
    }
    #expect(kind.durationAllowed)
    #expect(plan.steps.first?.longTermKeyId(in: config) == "AKIDALICE")
    #expect(plan.steps.last?.target == StepTarget(roleArn: "arn:aws:iam::123456789012:role/Admin"))
  }

  @Test func useThenUnsetInBashWithoutANetworkCall() throws {
    let home = try TestHome(config: "[profile static]\nregion = eu-central-1\n", credentials: "[static]\naws_access_key_id = AKIDSTATIC\naws_secret_access_key = s3cret\n")
    let controller = ShellController(shell: Bash(), runtime: home.runtime, caller: .person)
    let code = try controller.use(profile: "static", mode: nil, region: nil)
    #expect(code.contains("export AWS_ACCESS_KEY_ID='AKIDSTATIC';"))
    #expect(code.contains("export AWS_REGION='eu-central-1';"))
    #expect(code.contains("rolesh: using profile static"))
    #expect(home.transport.requests.isEmpty)
    // The shell that evaluated it: unset removes exactly what use set.
    var runtime = home.runtime
    runtime.environment = Environment(Self.evaluated(code, in: home.variables))
    #expect(runtime.environment["ROLESH_PROFILE"] == "static")
    let unset = ShellController(shell: Bash(), runtime: runtime, caller: .person).unset()
    #expect(unset.contains("unset AWS_ACCESS_KEY_ID;"))
    #expect(unset.contains("rolesh: removed profile static"))
  }

  @Test func profileModeExportsTheNameAndStillWarmsTheCache() throws {
    let home = try TestHome(
      config: Self.role, credentials: Self.keys,
      answers: [.response(200, STSAnswers.assumeRole(expires: TestHome.now.adding(3600)))])
    let session = try CredentialSession(profile: "admin", runtime: home.runtime)
    let env = try CredentialExport.render(session, format: .env, mode: .profile)
    #expect(env == "AWS_PROFILE=admin\nAWS_REGION=eu-west-1\nAWS_DEFAULT_REGION=eu-west-1\nROLESH_PROFILE=admin")
    #expect(home.transport.requests.count == 1)
    let keys = try CredentialExport.render(try CredentialSession(profile: "admin", runtime: home.runtime), format: .env)
    #expect(keys.hasPrefix("AWS_ACCESS_KEY_ID=ASIAFRESH\n"))
    #expect(home.transport.requests.count == 1)  // the cache entry the first export wrote
    #expect(throws: GeneralError.self) { try CredentialExport.render(session, format: .json, mode: .profile) }
  }

  @Test func oneChildEnvironmentForExecAndTheServer() {
    let base = Environment([
      "PATH": "/bin", "AWS_PROFILE": "old", "AWS_SECURITY_TOKEN": "stale", "AWS_ROLE_ARN": "arn:x", "AWS_ACCESS_KEY_ID": "OLD",
    ])
    let credentials = AWSCredentials(accessKeyId: "ASIANEW", secretAccessKey: "s", sessionToken: "t")
    let exec = ChildEnvironment.replacing(
      base, with: ChildEnvironment.variables(credentials, profile: "p", region: "eu-west-1", mode: .keys))
    #expect(exec["AWS_ACCESS_KEY_ID"] == "ASIANEW" && exec["AWS_PROFILE"] == nil && exec["AWS_SECURITY_TOKEN"] == nil)
    #expect(exec["ROLESH_PROFILE"] == "p" && exec["AWS_REGION"] == "eu-west-1" && exec["PATH"] == "/bin")
    let served = ChildEnvironment.served(by: "http://127.0.0.1:1/", token: "tok", profile: "p", region: nil, from: base)
    #expect(served["AWS_ACCESS_KEY_ID"] == nil && served["AWS_ROLE_ARN"] == nil && served["AWS_PROFILE"] == nil)
    #expect(served["AWS_CONTAINER_CREDENTIALS_FULL_URI"] == "http://127.0.0.1:1/" && served["AWS_CONTAINER_AUTHORIZATION_TOKEN"] == "tok")
  }

  /// `variables` after bash evaluates `code`'s plain `export NAME='value';` and `unset NAME;`
  /// lines (the only forms a switch without saved values uses).
  static func evaluated(_ code: String, in variables: [String: String]) -> [String: String] {
    var result = variables
    for line in code.split(separator: "\n").map(String.init) {
      if line.hasPrefix("unset "), line.hasSuffix(";") {
        result[String(line.dropFirst(6).dropLast())] = nil
      } else if line.hasPrefix("export "), let equals = line.firstIndex(of: "="), line.hasSuffix("';") {
        let name = String(line[line.index(line.startIndex, offsetBy: 7)..<equals])
        let quoted = line[line.index(after: equals)...].dropLast()
        result[name] = String(quoted.dropFirst().dropLast()).replacingOccurrences(of: "'\\''", with: "'")
      }
    }
    return result
  }
}
