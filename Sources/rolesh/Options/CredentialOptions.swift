import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshSupport

/// Options shared by every command that fetches credentials.
struct CredentialOptions: ParsableArguments {
  @Option(name: .customLong("mfa-code"), help: "The 6-digit MFA code to use instead of asking on the terminal.")
  var mfaCode: String?

  func validate() throws {
    if let mfaCode, !MFACode.isValid(mfaCode) {
      throw ValidationError("--mfa-code must be exactly 6 digits")
    }
  }

  /// A session for `profile` (or the environment's choice) in the current environment.
  func session(profile: String?) throws -> CredentialSession {
    try Self.session(profile: profile, mfaCode: mfaCode)
  }

  /// Where MFA codes come from: the option, else the terminal.
  static func session(profile: String?, mfaCode: String?) throws -> CredentialSession {
    let environment = Environment.current()
    let mfa: MFACodeSource = mfaCode.map(FixedMFACode.init) ?? TerminalMFAPrompt()
    return try CredentialSession(
      selection: ProfileSelection.choose(argument: profile, environment: environment), environment: environment,
      mfa: mfa, warn: Terminal.printError)
  }
}
