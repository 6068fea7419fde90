import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshCurl
import RoleshSupport

/// `rolesh explain`: the plan, with the plugins that shape it and the STS and
/// IAM Identity Center endpoints it uses.
package enum ExplainReport {
  package static func make(_ selection: ProfileSelection, environment: Environment, warn: @escaping (String) -> Void) throws
    -> PlanReport
  {
    let config = try ConfigLoader.load(environment)
    let directory = environment.workingDirectory
    let plugins = try PluginLoader.load(
      environment: environment, directory: directory, transport: { CurlTransport(environment: environment) }, log: warn)
    var resolver = ProfileResolver(config: config, environment: environment)
    resolver.plugins = plugins
    resolver.directory = directory
    let plan = try resolver.resolve(selection)
    var report = PlanReport(
      plan: plan, cacheDirectory: CredentialCache.directory(environment), now: .now(), environment: environment)
    report.config = config
    report.plugins = PluginSummary(
      tokenPlugins: plugins?.plugins(defining: .webIdentityToken) ?? [], mfaPlugins: plugins?.plugins(defining: .mfaCode) ?? [])
    // The endpoint resolution would use, when a step calls STS.
    if plan.steps.contains(where: \.callsSTS) {
      do {
        report.endpoint = try STSEndpoint.resolve(profile: config.profile(plan.profile), config: config, environment: environment, region: plan.region)
          .description
      } catch {
        report.endpoint = "cannot be used: \(error)"
      }
    }
    if let sso = plan.steps.first as? SSOStep {
      do {
        let endpoints = try SSOEndpoints.resolve(
          region: sso.settings.region, profile: config.profile(plan.profile), config: config, environment: environment)
        report.ssoEndpoints = "portal \(endpoints.portal), OIDC \(endpoints.oidc)"
      } catch {
        report.ssoEndpoints = "cannot be used: \(error)"
      }
    }
    return report
  }
}
