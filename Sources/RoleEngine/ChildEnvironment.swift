import RoleshAWS
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// What a program or a shell gets for an identity: the one composition behind `exec`,
/// `exec --server`, `export` and `use` (the shell's transition adds its own state on top).
package enum ChildEnvironment {
  /// Variables removed before an identity is given: every SDK reads these before anything
  /// rolesh sets, or would point elsewhere (keys, profiles, web identity, the container
  /// provider's endpoint).
  package static let shadowing = CredentialEnvironment.cleared + [
    "AWS_ROLE_ARN", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
  ]

  /// The variables for an identity, in a fixed order. Keys mode: the keys, their expiry, the
  /// region and `ROLESH_PROFILE`. Profile mode: `AWS_PROFILE` (the credentials were fetched
  /// to warm the shared cache, so the AWS CLI will not prompt), the region and
  /// `ROLESH_PROFILE`. A shell's transition keeps `ROLESH_PROFILE` in its own state instead
  /// (`marksProfile: false`).
  package static func variables(
    _ credentials: AWSCredentials, profile: String, region: String?, mode: ShellMode, marksProfile: Bool = true
  ) -> [(String, String)] {
    var variables: [(String, String)]
    switch mode {
    case .keys:
      variables = CredentialEnvironment.variables(credentials, profile: profile, region: region).filter { $0.0 != "ROLESH_PROFILE" }
    case .profile:
      variables = [("AWS_PROFILE", profile)]
      if let region { variables += [("AWS_REGION", region), ("AWS_DEFAULT_REGION", region)] }
    }
    if marksProfile { variables.append(("ROLESH_PROFILE", profile)) }
    return variables
  }

  /// `base` with the credential variables removed and `variables` set: what `exec` runs a
  /// command with.
  package static func replacing(_ base: Environment, with variables: [(String, String)]) -> [String: String] {
    var result = base.variables
    for name in CredentialEnvironment.cleared { result[name] = nil }
    for (name, value) in variables { result[name] = value }
    return result
  }

  /// `exec --server`'s command environment: no keys, no profile, no other provider that SDKs
  /// would ask first — only the credential server's address and token (and the region).
  package static func served(by url: String, token: String, profile: String, region: String?, from base: Environment)
    -> [String: String]
  {
    var result = base.variables
    for name in shadowing { result[name] = nil }
    result["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = url
    result["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = token
    if let region {
      result["AWS_REGION"] = region
      result["AWS_DEFAULT_REGION"] = region
    }
    result["ROLESH_PROFILE"] = profile
    return result
  }
}

/// `rolesh export --format`: `env`, `json`, `process`, or the name of a shell.
package enum ExportFormat: Equatable, Sendable {
  case env
  case json
  case process
  case shell(String)

  package init?(name: String) {
    switch name {
    case "env": self = .env
    case "json": self = .json
    case "process": self = .process
    default:
      guard Shells.named(name) != nil else { return nil }
      self = .shell(name)
    }
  }

  /// Every name `--format` takes.
  package static var names: [String] { ["env"] + Shells.names + ["json", "process"] }

  /// Whether the format prints variables (and so can carry profile mode's `AWS_PROFILE`).
  package var printsVariables: Bool {
    switch self {
    case .env, .shell: return true
    case .json, .process: return false
    }
  }
}

/// `rolesh export` and `rolesh credential-process`: a session's credentials in one of the
/// export formats. Only what the format is: stdout carries nothing else.
package enum CredentialExport {
  /// `region` (`--region`) replaces the profile's.
  package static func render(_ session: CredentialSession, format: ExportFormat, mode: ShellMode = .keys, region: String? = nil) throws
    -> String
  {
    guard mode == .keys || format.printsVariables else {
      throw GeneralError("--mode profile prints variables: use --format env or a shell", status: .usage)
    }
    if let region, let warning = RegionCheck.warning(for: region) { session.runtime.warn(warning) }
    let credentials = try session.credentials()
    let profile = session.plan.profile
    let region = region ?? session.exportedRegion
    let variables = ChildEnvironment.variables(credentials, profile: profile, region: region, mode: mode)
    // A NUL cannot be carried by a variable or a line: refuse rather than print half a value.
    if let (name, _) = variables.first(where: { $0.1.utf8.contains(0) }) {
      throw ShellValueError(name: name, problem: "contains a NUL byte")
    }
    switch format {
    case .process:
      return CredentialEnvironment.processJSON(credentials).serialized()
    case .json:
      var document = CredentialEnvironment.processJSON(credentials)
      if case .object(var fields) = document {
        fields.append(("Profile", .string(profile)))
        fields.append(("Region", .optional(region)))
        document = .object(fields)
      }
      return document.serialized()
    case .env:
      return variables.map { $0.0 + "=" + ShellWord.quote($0.1) }.joined(separator: "\n")
    case .shell(let name):
      let shell = Shells.named(name) ?? Bash()
      let names = Set(variables.map(\.0))
      // Stale keys or a profile variable would otherwise shadow the new credentials.
      let operations = CredentialEnvironment.cleared.filter { !names.contains($0) }.map(ShellOperation.unset)
        + variables.map { ShellOperation.set($0.0, $0.1) }
      return String(shell.render(operations).dropLast())
    }
  }
}
