import ArgumentParser
import RoleEngine

/// Options shared by every command that fetches credentials.
struct CredentialOptions: ParsableArguments {
  @Option(name: .customLong("mfa-code"), help: "The 6-digit MFA code to use instead of asking on the terminal.")
  var mfaCode: String?

  func validate() throws {
    if let mfaCode, !MFACode.isValid(mfaCode) {
      throw ValidationError("--mfa-code must be exactly 6 digits")
    }
  }

  /// Where MFA codes come from: the option, else the terminal.
  var mfaSource: MFACodeSource {
    if let mfaCode { return FixedMFACode(mfaCode) }
    return TerminalMFAPrompt()
  }

  /// A session for `profile` (or the environment's choice) in the current environment.
  func session(profile: String?) throws -> CredentialSession {
    let environment = Environment.current()
    return try CredentialSession(
      selection: ProfileSelection.choose(argument: profile, environment: environment), environment: environment,
      mfa: mfaSource, warn: Terminal.printError)
  }
}
