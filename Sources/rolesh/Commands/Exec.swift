import ArgumentParser
import RoleEngine
import RoleshCredentials
import RoleshSupport

#if canImport(Glibc)
  import Glibc
#endif

extension RoleshCommand {
  /// `rolesh exec PROFILE -- CMD [ARGS...]`: replaces rolesh with CMD, credentials in its
  /// environment; the arguments reach it untouched and its exit status is rolesh's.
  struct Exec: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a command with a profile's credentials in its environment.")

    @Argument(help: "The profile to resolve.", completion: .custom(completeProfiles))
    var profile: String

    @OptionGroup var options: CredentialOptions

    @Argument(parsing: .postTerminator, help: "The command and its arguments, after --.")
    var command: [String] = []

    func validate() throws {
      if command.isEmpty { throw ValidationError("give the command after --: rolesh exec PROFILE -- CMD [ARGS...]") }
    }

    func run() throws {
      let session = try options.session(profile: profile)
      let credentials = try session.credentials()
      var environment = session.environment.variables
      for name in CredentialEnvironment.cleared { environment[name] = nil }
      for (name, value) in CredentialEnvironment.variables(credentials, profile: session.plan.profile, region: session.plan.region) {
        environment[name] = value
      }
      // ArgumentParser may have buffered output in C stdio.
      fflush(nil)
      // execvp searches PATH as the user's shell would; the environment is rebuilt first.
      clearenv()
      for (name, value) in environment { setenv(name, value, 1) }
      let argv = command.map { strdup($0) } + [nil]
      execvp(command[0], argv)
      throw ExecFailure(program: command[0], code: errno)
    }
  }
}

/// `execvp` failed: 127 when the program is missing, 126 when it cannot be run (shell convention).
struct ExecFailure: RoleshError {
  var program: String
  var code: Int32
  var message: String { "cannot run \(program): \(String(cString: strerror(code)))" }
  var exitStatus: ExitStatus { code == ENOENT ? .notFound : .cannotRun }
}
