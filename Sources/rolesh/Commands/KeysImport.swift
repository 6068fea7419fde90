import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh keys import [PROFILE…] [--yes]`.
  struct KeysImport: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "import",
      abstract: "Move long-term keys out of ~/.aws/credentials into the key store (every such profile when none is named).")

    @Argument(help: "The profiles (default: every profile with long-term keys in the credentials file).", completion: .custom(completeProfiles))
    var profiles: [String] = []

    @Flag(help: "Do not ask before importing every profile.")
    var yes = false

    func run() throws {
      let runtime = Runtime.live(mfa: .never, warn: Output.printError)
      var chosen = profiles
      if chosen.isEmpty {
        chosen = try KeysCommands.importable(runtime: runtime)
        guard !chosen.isEmpty else {
          Output.printError("rolesh: no profile in the credentials file has long-term keys to import")
          return
        }
        Output.printError("rolesh: these profiles' keys move into the key store: \(chosen.joined(separator: ", "))")
        guard yes || TerminalQuestions.confirm("Import them?") else {
          throw ValidationError("nothing imported (confirm on a terminal, or pass --yes)")
        }
      }
      for line in try KeysCommands.importKeys(chosen, runtime: runtime) { Output.printError(line) }
    }
  }
}
