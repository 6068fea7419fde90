#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh console`: resolves the credentials (a profile's, or the shell's own keys), turns
/// them into a sign-in URL and opens it — with a plugin's `browser` command, `$BROWSER`, or
/// xdg-open/open.
package struct ConsoleLaunch {
  package var profile: String?
  /// `--service NAME`: that service's console instead of the front page.
  package var service: String?
  /// `--destination URL`: any console URL.
  package var destination: String?
  package var region: String?
  /// `--duration SECONDS`: the console session's length, where AWS accepts one.
  package var duration: Int?
  package var runtime: Runtime

  package init(runtime: Runtime) { self.runtime = runtime }

  /// What opening needs besides the URL.
  package struct Opener {
    var plugins: PluginHost?
    var context: PluginContext
    var environment: Environment
  }

  /// The sign-in URL, and how to open it.
  package func signInURL() throws -> (url: String, opener: Opener) {
    if let service {
      guard !service.isEmpty, service.utf8.allSatisfy({ ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }) else {
        throw GeneralError("--service takes a console path name such as s3 or ec2 (a-z, 0-9, -)", status: .usage)
      }
    }
    if let destination {
      guard let url = ParsedURL(destination), url.scheme == "https" else {
        throw GeneralError("--destination must be an https URL", status: .usage)
      }
    }
    let environment = runtime.environment
    let credentials: AWSCredentials
    let plan: ResolutionPlan?
    let config: AWSConfig
    let plugins: PluginHost?
    let profileName: String
    var sts: () throws -> STSClient
    if profile == nil, let keys = CredentialEnvironment.keys(in: environment) {
      // The shell's own keys (what `rolesh use` exported).
      credentials = keys
      plan = nil
      config = try runtime.config()
      plugins = try runtime.loadPlugins(environment.workingDirectory)
      profileName = environment.nonEmpty("ROLESH_PROFILE") ?? "(environment keys)"
      let region = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
      let runtime = runtime
      sts = {
        try runtime.stsClient(endpoint: try STSEndpoint.resolve(profile: nil, config: config, environment: environment, region: region))
      }
    } else {
      let (session, resolved) = try NoIdentity.resolving(profile: profile, command: "console", runtime: runtime)
      credentials = resolved
      plan = session.plan
      config = session.config
      plugins = session.plugins
      profileName = session.plan.profile
      sts = { try session.stsClient() }
    }
    // A profile named on the command line brings its own region (the shell's AWS_REGION may
    // be another profile's); the shell's own identity goes with the shell's region.
    let environmentRegion = environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"]
    let profileRegion = config.profile(profileName)?.text("region")
    let region = self.region ?? (profile != nil ? profileRegion ?? environmentRegion : environmentRegion ?? profileRegion) ?? "us-east-1"
    try ConfiguredEndpoint.checkRegion(region, profile: profileName)
    var arn: String?
    let callerArn = { () throws -> String in
      if let arn { return arn }
      let found = try sts().getCallerIdentity(credentials).arn
      arn = found
      return found
    }
    let classified = try ConsoleSignIn.classify(credentials, plan: plan, config: config, callerArn: callerArn)
    let target = try destination ?? FederationEndpoint.destination(region: region, service: service)
    var federation = FederationEndpoint(transport: runtime.transport(), url: try FederationEndpoint.url(region: region, environment: environment))
    federation.timeout = try runtime.requestTimeout()
    let url = try ConsoleSignIn.url(
      for: classified, federation: federation, destination: target, duration: duration, sts: sts, callerArn: callerArn)
    let context = PluginContext(
      describing: profileName, in: config, environment: environment, region: region, directory: environment.workingDirectory)
    return (url, Opener(plugins: plugins, context: context, environment: environment))
  }

  /// Opens `url`. The browser is given a private page that forwards to it (`RedirectPage`),
  /// never the URL itself: the sign-in URL is a bearer secret, and a command line is readable
  /// by every local user. A browser that fails at once (a missing program, a non-zero exit
  /// within a few seconds) is an error; one still running then is taken to have opened it.
  /// Messages name the program, never the URL. Returns the line to tell the person (a headless
  /// run would otherwise show nothing).
  @discardableResult
  package static func open(_ url: String, with opener: Opener) throws -> String {
    let page = try RedirectPage(to: url, environment: opener.environment)
    let pageURL = page.url
    let command: [String]
    if let words = try opener.plugins?.browserCommand(opener.context) {
      let encoded = SigV4Signer.percentEncode(pageURL, keeping: "")
      var substituted = false
      var substitutedCommand = words.map { word in
        guard word.contains("%s") || word.contains("%u") else { return word }
        substituted = true
        return word.replacing("%u", with: encoded).replacing("%s", with: pageURL)
      }
      if !substituted { substitutedCommand.append(pageURL) }
      command = substitutedCommand
    } else {
      command = Browser(environment: opener.environment).command(for: pageURL)
    }
    do {
      try start(command)
    } catch {
      page.remove()
      throw error
    }
    page.removeLater(after: Int(try opener.environment.seconds("ROLESH_SIGNIN_PAGE_LIFETIME", default: 60, within: 1...3600)))
    return "rolesh: opened the AWS console for \(opener.context.profile) with \(command[0]) (the sign-in link works for 15 minutes)"
  }

  private static func start(_ command: [String]) throws {
    let program = command[0]
    let pid: pid_t
    do {
      pid = try Subprocess.start(command)
    } catch {
      throw GeneralError("cannot start the browser \(program); use --stdout to print the URL instead", status: .notFound)
    }
    if let status = Subprocess.exitStatus(of: pid, waitingUpTo: 3), status != 0 {
      throw GeneralError(
        "the browser command \(program) failed (exit \(status)); the URL was not printed (use --stdout to print it)",
        status: .failure)
    }
  }
}
