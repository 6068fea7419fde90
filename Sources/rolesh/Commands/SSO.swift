import ArgumentParser
import RoleEngine
import RoleshConfig
import RoleshCredentials
import RoleshSupport

extension RoleshCommand {
  /// `rolesh sso login|logout|populate`: IAM Identity Center, sharing every file with the AWS
  /// CLI v2.
  struct SSO: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sso", abstract: "Log in to IAM Identity Center, log out, or write its accounts and roles as profiles.",
      subcommands: [Login.self, Logout.self, Populate.self])

    /// Logs in to `session` the default way (as `rolesh sso login` would).
    static func login(_ session: SSOSession, environment: Environment) throws {
      let config = try ConfigLoader.load(environment)
      let selected = session.profile.flatMap(config.profile)
      try SSOLogin(environment: environment, config: config, profile: selected, say: Terminal.printError).run(session)
    }

    /// The profile the command is about, and the config.
    static func context(_ profileName: String?) throws -> (Environment, AWSConfig, String, Profile?) {
      let environment = Environment.current()
      let config = try ConfigLoader.load(environment)
      let selection = ProfileSelection.choose(argument: profileName, environment: environment)
      return (environment, config, selection.name, config.profile(selection.name))
    }

    struct Login: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Log in (authorization code with PKCE for sso-session profiles, else device code).")

      @Argument(help: "The profile to log in for (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).", completion: .custom(completeSSOProfiles))
      var profile: String?

      @Option(name: .customLong("sso-session"), help: "Log in to this sso-session instead of a profile's.", completion: .custom(completeSSOSessions))
      var ssoSession: String?

      @Flag(name: .customLong("use-device-code"), help: "Use the device code flow even for an sso-session.")
      var useDeviceCode = false

      @Flag(name: .customLong("no-browser"), help: "Print the URL (and code) instead of opening a browser.")
      var noBrowser = false

      func run() throws {
        let (environment, config, name, selected) = try SSO.context(profile)
        let session = try SSOLogin.session(named: ssoSession, profile: selected, profileName: name, config: config)
        var login = SSOLogin(environment: environment, config: config, profile: selected, say: Terminal.printError)
        login.openBrowser = !noBrowser
        login.useDeviceCode = useDeviceCode
        try login.run(session)
      }
    }

    struct Logout: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Log out of every session: invalidate and delete cached tokens and their role credentials.")

      func run() throws {
        let (environment, config, _, selected) = try SSO.context(nil)
        let removed = SSOLogout(environment: environment, config: config, profile: selected).run()
        Terminal.printError(
          "rolesh: logged out: removed \(removed.tokens) token\(removed.tokens == 1 ? "" : "s") and \(removed.credentials) cached role credential\(removed.credentials == 1 ? "" : "s")")
      }
    }

    struct Populate: ParsableCommand {
      static let configuration = CommandConfiguration(
        abstract: "Write a profile for every account and role the session can use into ~/.aws/config.")

      @Option(name: .customLong("sso-session"), help: "The sso-session (default: the current profile's).", completion: .custom(completeSSOSessions))
      var ssoSession: String?

      @Flag(name: .customLong("dry-run"), help: "Print the block instead of writing it.")
      var dryRun = false

      func run() throws {
        let (environment, config, name, selected) = try SSO.context(nil)
        let session = try SSOLogin.session(named: ssoSession, profile: selected, profileName: name, config: config)
        let populate = SSOPopulate(environment: environment, config: config, session: session, profile: selected, warn: Terminal.printError)
        let (block, changed) = try populate.run(dryRun: dryRun)
        if dryRun {
          Terminal.printOutput(block, terminator: "")
          return
        }
        let count = block.split(separator: "\n").filter { $0.hasPrefix("[profile ") }.count
        Terminal.printError(
          changed ? "rolesh: wrote \(count) profiles for sso-session \(session.sessionName ?? "") to \(config.configPath)"
            : "rolesh: \(config.configPath) already has the \(count) profiles of sso-session \(session.sessionName ?? ""); nothing changed")
      }
    }
  }
}
