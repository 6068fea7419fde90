import RoleshAWS
import RoleshConfig
import RoleshSupport

/// botocore's `ProcessProvider`: `credential_process` in the merged profile.
package struct CredentialProcessProvider: CredentialProvider {
  package var listKind: String { "process" }

  package func recognizes(_ profile: Profile, in config: AWSConfig) -> Bool { profile.has("credential_process") }

  package func plan(_ profile: Profile, _ planner: inout ProfilePlanner) throws -> Bool {
    guard let command = profile["credential_process"] else { return false }
    // botocore splits the command at load and crashes on an empty or unbalanced one.
    guard let text = command.text, let words = PythonText.shlexSplit(text), !words.isEmpty else {
      throw planner.fail(
        .noCredentials,
        "credential_process of profile \(profile.name) is empty or cannot be split into words (check its quotes)",
        at: profile.location(of: "credential_process"))
    }
    planner.steps.append(
      CredentialProcessStep(profile: profile.name, command: command, location: profile.location(of: "credential_process")))
    return true
  }
}

/// Runs the profile's `credential_process`: the command split with shell-word
/// rules, run without a shell, its stdout a Version 1 JSON document. Never cached (botocore
/// runs it in every new process too).
package struct CredentialProcessStep: ResolutionStep, Equatable {
  package var profile: String
  package var command: INIValue
  package var location: SourceLocation

  package var kind: String { "credential-process" }
  package var jsonFields: [(String, JSON)] { [("command", JSON(command))] }
  package var action: String { "credential_process of profile \(profile)" }

  package func explain(_ context: StepReportContext) -> [String] {
    ["run credential_process of profile \(profile): \(command.displayText)", location.description]
  }

  package func fetch(_ context: FetchContext, source: () throws -> AWSCredentials) throws -> FetchedCredentials {
    guard let arguments = PythonText.shlexSplit(command.displayText), !arguments.isEmpty else {
      throw SourceError("credential_process of profile \(profile) cannot be split into words: \(command.displayText)")
    }
    let timeout = try context.environment.seconds("ROLESH_PROCESS_TIMEOUT", default: 60, within: 1...3600)
    let runner = CredentialProcess(
      arguments: arguments, profile: profile, accountId: context.config.profile(profile)?.text("aws_account_id"),
      input: context.processInput, timeout: min(timeout, context.processTimeout))
    var credentials = try runner.run()
    // Credentials already inside the refresh window get one more run, as botocore does.
    if let expiration = credentials.expiration, expiration.seconds(after: context.clock()) < CredentialCache.expiryWindow {
      credentials = try runner.run()
    }
    if let expiration = credentials.expiration, expiration <= context.clock() {
      throw SourceError("credential_process of profile \(profile) returned credentials that expired at \(expiration)")
    }
    return FetchedCredentials(credentials)
  }
}

/// One run of a credential process and the check of its answer.
package struct CredentialProcess {
  package var arguments: [String]
  package var profile: String
  /// The profile's `aws_account_id`, used when the answer has no `AccountId`.
  package var accountId: String?
  package var input: Subprocess.Input
  package var timeout: Double

  package func run() throws -> AWSCredentials {
    let result: Subprocess.Result
    do {
      result = try Subprocess.run(arguments, input: input, timeout: timeout, outputLimit: 1 << 20)
    } catch let error as Subprocess.LaunchError {
      throw SourceError("credential_process of profile \(profile): \(error)")
    }
    if result.timedOut {
      throw SourceError(
        "credential_process of profile \(profile) did not finish within \(Int(timeout)) s and was stopped (ROLESH_PROCESS_TIMEOUT sets the limit)")
    }
    if result.overflowed {
      throw SourceError("credential_process of profile \(profile) printed more than 1 MiB and was stopped")
    }
    guard result.status == 0 else {
      let stderr = PythonText.strip(String(decoding: result.stderr.prefix(2000), as: UTF8.self))
      throw SourceError(
        "credential_process of profile \(profile) exited with status \(result.status)\(stderr.isEmpty ? "" : ": \(stderr)")")
    }
    guard let json = JSON.parse(result.stdout), case .object = json else {
      throw SourceError("credential_process of profile \(profile) did not print a JSON object")
    }
    // Python equality: the number 1 (or 1.0), not the string "1".
    guard case .number(let version)? = json["Version"], Double(version) == 1 else {
      let shown = json["Version"].map { $0.serialized() } ?? "<Version key not provided>"
      throw SourceError(
        "credential_process of profile \(profile): unsupported version '\(shown)' for credential process provider, supported versions: 1")
    }
    for key in ["AccessKeyId", "SecretAccessKey"] where json[key]?.stringValue == nil {
      throw SourceError("credential_process of profile \(profile): missing required key in response: '\(key)'")
    }
    var expiration: Timestamp?
    if let text = json["Expiration"]?.stringValue {
      guard let parsed = Timestamp(iso8601: text) else {
        throw SourceError("credential_process of profile \(profile): Expiration \(text) is not a timestamp with a zone")
      }
      expiration = parsed
    }
    return AWSCredentials(
      accessKeyId: json["AccessKeyId"]?.stringValue ?? "", secretAccessKey: json["SecretAccessKey"]?.stringValue ?? "",
      sessionToken: json["SessionToken"]?.stringValue, expiration: expiration,
      accountId: json["AccountId"]?.stringValue ?? accountId)
  }
}
