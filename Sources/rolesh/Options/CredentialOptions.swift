import ArgumentParser
import RoleEngine

/// Options shared by every command that fetches credentials.
struct CredentialOptions: ParsableArguments {
  @Option(name: .customLong("mfa-code"), help: "The 6-digit MFA code to use instead of asking on the terminal.")
  var mfaCode: String?

  func validate() throws {
    if let mfaCode, !MFAInput.isValidCode(mfaCode) {
      throw ValidationError("--mfa-code must be exactly 6 digits")
    }
  }

  /// The runtime, with MFA codes from the option, else the terminal.
  var runtime: Runtime { Runtime.live(mfa: MFAInput(code: mfaCode), warn: Output.printError) }
}
