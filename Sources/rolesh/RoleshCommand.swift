import ArgumentParser

/// The `rolesh` command: a table of contents. Each subcommand lives in `Commands/`.
@main
struct RoleshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rolesh",
    abstract: "Switch a shell between AWS identities, resolving roles exactly as the AWS CLI does.",
    version: BuildInfo.description,
    subcommands: [
      Init.self, Use.self, Unset.self, Status.self, Export.self, Exec.self, Whoami.self, Explain.self, List.self,
      Cache.self, Allow.self, Deny.self, SSO.self, Keys.self, EKS.self, Console.self, Plugins.self, CredentialProcess.self, Hook.self,
    ]
  )

  /// Runs the command and maps every error to its exit code in one place.
  static func main() {
    // The everyday forms skip ArgumentParser's start-up (see FastPath); anything else goes
    // through ArgumentParser as usual.
    let arguments = Array(CommandLine.arguments.dropFirst())
    if let command = FastPath.command(arguments) {
      do {
        try command()
      } catch {
        ErrorReporter.exit(with: error)
      }
      return
    }
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      ErrorReporter.exit(with: error)
    }
  }
}
