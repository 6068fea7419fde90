import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh sso login|logout|populate` as the CLI calls them: the profile or sso-session the
/// command means, found as the AWS CLI v2 finds it, and what to tell the person.
package enum SSOCommands {
  /// Logs in to `session` the default way (as `rolesh sso login` would).
  static func login(_ session: SSOSession, runtime: Runtime) throws {
    let config = try runtime.config()
    try SSOLogin(runtime: runtime, config: config, profile: session.profile.flatMap(config.profile)).run(session)
  }

  /// `rolesh sso login [PROFILE] [--sso-session NAME] [--use-device-code] [--no-browser]`.
  package static func login(profile: String?, ssoSession: String?, useDeviceCode: Bool, openBrowser: Bool, runtime: Runtime) throws {
    let (config, name, selected) = try context(profile, runtime: runtime)
    let session = try SSOSession.find(named: ssoSession, profile: selected, profileName: name, config: config)
    var login = SSOLogin(runtime: runtime, config: config, profile: selected)
    login.openBrowser = openBrowser
    login.useDeviceCode = useDeviceCode
    try login.run(session)
  }

  /// `rolesh sso logout`: what was removed, in a sentence.
  package static func logout(runtime: Runtime) throws -> String {
    let (config, _, selected) = try context(nil, runtime: runtime)
    let removed = SSOLogout(runtime: runtime, config: config, profile: selected).run()
    return "rolesh: logged out: removed \(removed.tokens) token\(removed.tokens == 1 ? "" : "s") and \(removed.credentials) cached role credential\(removed.credentials == 1 ? "" : "s")"
  }

  /// `rolesh sso populate [--sso-session NAME] [--dry-run]`: the block for stdout (dry run),
  /// and the sentence for the person.
  package static func populate(ssoSession: String?, dryRun: Bool, runtime: Runtime) throws -> (output: String?, note: String?) {
    let (config, name, selected) = try context(nil, runtime: runtime)
    // Without --sso-session: the shell's profile's session, else the file's only one.
    var sessionName = ssoSession ?? selected?.text("sso_session")
    if sessionName == nil {
      let names = config.ssoSessionNames
      guard names.count == 1 else {
        throw GeneralError(
          names.isEmpty
            ? "populate writes profiles for an sso-session, and \(config.configPath) has no [sso-session NAME] section: add one (sso_start_url, sso_region)"
            : "name the sso-session to populate: rolesh sso populate --sso-session NAME (one of \(names.joined(separator: ", ")))",
          status: .configuration)
      }
      sessionName = names[0]
    }
    let session = try SSOSession.find(named: sessionName, profile: selected, profileName: name, config: config)
    let (block, changed) = try SSOPopulate(runtime: runtime, config: config, session: session, profile: selected).run(dryRun: dryRun)
    if dryRun { return (block, nil) }
    let count = block.split(separator: "\n").filter { $0.hasPrefix("[profile ") }.count
    let written = session.sessionName ?? ""
    return (
      nil,
      changed
        ? "rolesh: wrote \(count) profiles for sso-session \(written) to \(config.configPath)"
        : "rolesh: \(config.configPath) already has the \(count) profiles of sso-session \(written); nothing changed"
    )
  }

  /// The config, the profile the command is about and its section, if it exists.
  static func context(_ profileName: String?, runtime: Runtime) throws -> (AWSConfig, String, Profile?) {
    let config = try runtime.config()
    let selection = ProfileSelection.choose(argument: profileName, environment: runtime.environment)
    return (config, selection.name, config.profile(selection.name))
  }
}
