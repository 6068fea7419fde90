import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh console [PROFILE] [--service NAME | --destination URL] [--region R] [--stdout]`:
  /// the AWS console, signed in as the profile (or as the shell's own keys).
  struct Console: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Open the AWS console signed in as a profile (default: the shell's current identity).")

    @Argument(help: "The profile (default: the keys in the environment, else AWS_PROFILE).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @Option(help: "Open this service's console (s3, ec2, …) instead of the front page.")
    var service: String?

    @Option(help: "Open this console URL (https).")
    var destination: String?

    @Option(help: "The console's region (default: the profile's).", completion: .custom(completeRegions))
    var region: String?

    @Option(help: "The console session's length in seconds (900–43200; roles assumed directly from keys or a web identity only).")
    var duration: Int?

    @Flag(name: .customLong("stdout"), help: "Print the sign-in URL on stdout instead of opening a browser (it is a secret for 15 minutes).")
    var printURL = false

    @OptionGroup var options: CredentialOptions

    func validate() throws {
      if service != nil && destination != nil { throw ValidationError("give --service or --destination, not both") }
      if let duration, !(900...43200).contains(duration) { throw ValidationError("--duration must be from 900 to 43200 seconds") }
    }

    func run() throws {
      var launch = ConsoleLaunch(runtime: options.runtime)
      launch.profile = profile
      launch.service = service
      launch.destination = destination
      launch.region = region
      launch.duration = duration
      let (url, opener) = try launch.signInURL()
      // The URL signs anyone in: stdout or the browser, never a message.
      if printURL {
        Output.printOutput(url)
      } else {
        Output.printError(try ConsoleLaunch.open(url, with: opener))
      }
    }
  }
}
