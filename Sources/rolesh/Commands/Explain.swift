import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh explain [PROFILE] [--json]`: how a profile resolves, without network or prompts.
  struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show how a profile resolves: each step, where it is configured, its cache entry, MFA.")

    @Argument(help: "The profile (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).")
    var profile: String?

    @Flag(help: "Print the plan as JSON.")
    var json = false

    func run() throws {
      let environment = Environment.current()
      let selection = ProfileSelection.choose(argument: profile, environment: environment)
      do {
        let config = try ConfigLoader.load(environment)
        let plugins = try LuaPluginHost.load(environment: environment, directory: environment.workingDirectory, log: Terminal.printError)
        var resolver = ProfileResolver(config: config, environment: environment)
        resolver.plugins = plugins
        resolver.directory = environment.workingDirectory
        let plan = try resolver.resolve(selection)
        var report = PlanReport(
          plan: plan, cacheDirectory: CacheInspection.directory(environment), now: .now())
        report.tokenPlugins = plugins?.plugins(defining: .webIdentityToken) ?? []
        report.mfaPlugins = plugins?.plugins(defining: .mfaCode) ?? []
        Terminal.printOutput(json ? report.json.serialized() : report.text)
      } catch let error as ConfigError {
        if json { Terminal.printOutput(PlanReport.json(for: error, profile: selection.name).serialized()) }
        throw error
      }
    }
  }
}
