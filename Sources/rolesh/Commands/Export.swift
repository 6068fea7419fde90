import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh export PROFILE [--format ...]`: credentials on stdout, nothing else, only on success.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Resolve a profile and print its credentials (or shell code) to stdout.")

    @Argument(help: "The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(help: "Output format: env (KEY=value lines), a shell (\(ShellIntegration.shellNames.joined(separator: ", "))) for code to eval, json, process (credential_process JSON).")
    var format: ExportFormat = .env

    @Option(help: "keys (credentials, the default) or profile (AWS_PROFILE; the cache is warmed so the AWS CLI does not prompt).")
    var mode: ShellMode = .keys

    @Option(help: "Region to export (default: the profile's region).", completion: .custom(completeRegions))
    var region: String?

    @OptionGroup var options: CredentialOptions

    @OptionGroup var role: RoleOptions

    func validate() throws {
      if mode == .profile && !format.printsVariables {
        throw ValidationError("--mode profile prints variables: use --format env or a shell")
      }
      if profile != nil && role.roleArn != nil { throw ValidationError("give a profile or --role-arn, not both") }
      if mode == .profile && role.roleArn != nil {
        throw ValidationError("--role-arn works in keys mode only: AWS_PROFILE can name only a profile of the config")
      }
    }

    func run() throws {
      try ExportRequest(profile: profile, format: format, mfaCode: options.mfaCode, mode: mode, region: region, role: role.arguments).perform()
    }
  }
}

/// The inputs of `rolesh export` as plain values, so the warm path can run without
/// ArgumentParser (see `RoleshCommand.main`).
struct ExportRequest {
  var profile: String?
  var format: ExportFormat
  var mfaCode: String?
  var mode: ShellMode = .keys
  var region: String?
  /// `--role-arn` and its companions.
  var role = RoleArguments()

  /// `export [PROFILE] [--format F]`, or `--role-arn ARN …` for PROFILE, and nothing else;
  /// `nil` for anything else (help, other options, mistakes), which ArgumentParser then handles
  /// with its usual messages.
  static func fastParse(_ arguments: [String]) -> ExportRequest? {
    guard arguments.first == "export" else { return nil }
    var request = ExportRequest(profile: nil, format: .env, mfaCode: nil)
    var roleOptions: [String: String] = [:]
    var rest = arguments.dropFirst()
    while let argument = rest.first {
      rest = rest.dropFirst()
      if argument == "--format" {
        guard let value = rest.first, let format = ExportFormat(name: value) else { return nil }
        rest = rest.dropFirst()
        request.format = format
      } else if RoleArguments.optionNames.contains(argument) {
        guard roleOptions[argument] == nil, let value = rest.first, !value.hasPrefix("-") else { return nil }
        rest = rest.dropFirst()
        roleOptions[argument] = value
      } else if argument.hasPrefix("-") || request.profile != nil {
        return nil
      } else {
        request.profile = argument
      }
    }
    guard let role = RoleArguments(fastOptions: roleOptions), role.roleArn == nil || request.profile == nil else { return nil }
    request.role = role
    return request
  }

  func perform() throws {
    let runtime = Runtime.live(mfa: MFAInput(code: mfaCode), warn: Output.printError)
    let session = try role.role(runtime: runtime).map { try CredentialSession(role: $0, runtime: runtime) }
      ?? CredentialSession(profile: profile, runtime: runtime)
    Output.printOutput(try CredentialExport.render(session, format: format, mode: mode, region: region))
  }
}
