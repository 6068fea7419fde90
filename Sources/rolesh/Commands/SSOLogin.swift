import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh sso login [PROFILE] [--sso-session NAME]`.
  struct SSOLogin: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "login", abstract: "Log in (authorization code with PKCE for sso-session profiles, else device code).")

    @Argument(help: "The profile to log in for (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).", completion: .custom(completeSSOProfiles))
    var profile: String?

    @Option(name: .customLong("sso-session"), help: "Log in to this sso-session instead of a profile's.", completion: .custom(completeSSOSessions))
    var ssoSession: String?

    @Flag(name: .customLong("use-device-code"), help: "Use the device code flow even for an sso-session.")
    var useDeviceCode = false

    @Flag(name: .customLong("no-browser"), help: "Print the URL (and code) instead of opening a browser.")
    var noBrowser = false

    func run() throws {
      try SSOCommands.login(
        profile: profile, ssoSession: ssoSession, useDeviceCode: useDeviceCode, openBrowser: !noBrowser,
        runtime: .live(mfa: .never, warn: Output.printError))
    }
  }
}
