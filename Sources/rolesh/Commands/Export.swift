import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshShell
import RoleshSupport

extension RoleshCommand {
  /// `rolesh export PROFILE [--format ...]`: credentials on stdout, nothing else, only on success.
  struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Resolve a profile and print its credentials (or shell code) to stdout.")

    @Argument(help: "The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(help: "Output format: env (KEY=value lines), a shell (\(Shells.names.joined(separator: ", "))) for code to eval, json, process (credential_process JSON).")
    var format: ExportFormat = .env

    @Option(help: "keys (credentials, the default) or profile (AWS_PROFILE; the cache is warmed so the AWS CLI does not prompt).")
    var mode: ShellMode = .keys

    @OptionGroup var options: CredentialOptions

    func validate() throws {
      if mode == .profile && (format == .json || format == .process) {
        throw ValidationError("--mode profile prints variables: use --format env or a shell")
      }
    }

    func run() throws {
      try ExportRequest(profile: profile, format: format, mfaCode: options.mfaCode, mode: mode).perform()
    }
  }

  /// `rolesh credential-process PROFILE`: for `credential_process = rolesh credential-process X`.
  struct CredentialProcessCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "credential-process", abstract: "Print a profile's credentials as credential_process JSON (Version 1).")

    @Argument(help: "The profile to resolve.", completion: .custom(completeUsableProfiles))
    var profile: String

    @OptionGroup var options: CredentialOptions

    func run() throws {
      try ExportRequest(profile: profile, format: .process, mfaCode: options.mfaCode).perform()
    }
  }
}

/// `export --format`: `env`, `json`, `process`, or the name of a shell.
enum ExportFormat: ExpressibleByArgument, Equatable {
  case env
  case json
  case process
  case shell(String)

  init?(argument: String) {
    switch argument {
    case "env": self = .env
    case "json": self = .json
    case "process": self = .process
    default:
      guard Shells.named(argument) != nil else { return nil }
      self = .shell(argument)
    }
  }

  static var allValueStrings: [String] { ["env"] + Shells.names + ["json", "process"] }
  var defaultValueDescription: String { "env" }
}

/// The inputs of `rolesh export` as plain values, so the warm path can run without
/// ArgumentParser (see `RoleshCommand.main`).
struct ExportRequest {
  var profile: String?
  var format: ExportFormat
  var mfaCode: String?
  var mode: ShellMode = .keys

  /// `export [PROFILE] [--format F]` and nothing else; `nil` for anything else (help, other
  /// options, mistakes), which ArgumentParser then handles with its usual messages.
  static func fastParse(_ arguments: [String]) -> ExportRequest? {
    guard arguments.first == "export" else { return nil }
    var request = ExportRequest(profile: nil, format: .env, mfaCode: nil)
    var rest = arguments.dropFirst()
    while let argument = rest.first {
      rest = rest.dropFirst()
      if argument == "--format" {
        guard let value = rest.first, let format = ExportFormat(argument: value) else { return nil }
        rest = rest.dropFirst()
        request.format = format
      } else if argument.hasPrefix("-") || request.profile != nil {
        return nil
      } else {
        request.profile = argument
      }
    }
    return request
  }

  func perform() throws {
    let session = try CredentialOptions.session(profile: profile, mfaCode: mfaCode)
    let credentials = try session.credentials()
    var variables = CredentialEnvironment.variables(credentials, profile: session.plan.profile, region: session.exportedRegion)
    if mode == .profile {
      // The credentials above warmed the shared cache; the shell gets only the profile name.
      variables = [("AWS_PROFILE", session.plan.profile)]
        + variables.filter { ["AWS_REGION", "AWS_DEFAULT_REGION", "ROLESH_PROFILE"].contains($0.0) }
    }
    // A NUL cannot be carried by a variable or a line: refuse rather than print half a value.
    if let (name, _) = variables.first(where: { $0.1.utf8.contains(0) }) {
      throw ShellValueError(name: name, problem: "contains a NUL byte")
    }
    let output: String
    switch format {
    case .process:
      output = CredentialEnvironment.processJSON(credentials).serialized()
    case .json:
      var document = CredentialEnvironment.processJSON(credentials)
      if case .object(var fields) = document {
        fields.append(("Profile", .string(session.plan.profile)))
        fields.append(("Region", .optional(session.exportedRegion)))
        document = .object(fields)
      }
      output = document.serialized()
    case .env:
      var lines = ""
      for (name, value) in variables {
        if !lines.isEmpty { lines += "\n" }
        lines += name + "=" + ShellQuoting.posix(value)
      }
      output = lines
    case .shell(let name):
      let shell = Shells.named(name) ?? Bash()
      let names = Set(variables.map(\.0))
      // Stale keys or a profile variable would otherwise shadow the new credentials.
      let operations = CredentialEnvironment.cleared.filter { !names.contains($0) }.map(ShellOperation.unset)
        + variables.map { ShellOperation.set($0.0, $0.1) }
      output = String(shell.render(operations).dropLast())
    }
    Terminal.printOutput(output)
  }
}
