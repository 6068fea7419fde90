import ArgumentParser
import RoleEngine

/// The `rolesh` command: a table of contents. Each subcommand lives in `Commands/`.
@main
struct RoleshCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rolesh",
    abstract: "Switch a shell between AWS identities, resolving roles exactly as the AWS CLI does.",
    version: "0.1.0",
    subcommands: [
      Explain.self, List.self, Export.self, CredentialProcessCommand.self, Exec.self, Whoami.self, Cache.self,
    ]
  )

  /// Runs the command and maps every error to its exit code in one place.
  static func main() {
    // The warm path (`export` served from the cache) skips ArgumentParser's start-up, which
    // costs about a millisecond of protocol-conformance lookups: half the warm-path budget.
    // Anything the fast parser does not recognise goes through ArgumentParser as usual.
    if let export = ExportRequest.fastParse(Array(CommandLine.arguments.dropFirst())) {
      do {
        try export.perform()
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
