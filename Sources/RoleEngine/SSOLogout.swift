#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// `rolesh sso logout`: what `aws sso logout` does — a Logout call for every cached token
/// (errors ignored), the token files deleted, every `ProviderType: sso` credential entry
/// deleted; client registrations stay.
package struct SSOLogout {
  package var runtime: Runtime
  package var config: AWSConfig
  package var profile: Profile?

  package init(runtime: Runtime, config: AWSConfig, profile: Profile?) {
    self.runtime = runtime
    self.config = config
    self.profile = profile
  }

  var environment: Environment { runtime.environment }

  /// How many token files and credential entries were removed.
  package func run() -> (tokens: Int, credentials: Int) {
    let tokens = SSOTokenCache(environment: environment)
    var removedTokens = 0
    for name in FileSystem.listDirectory(tokens.directory).sorted() {
      let path = tokens.directory + "/" + name
      guard let bytes = FileSystem.readRegularFile(path, limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
        let access = json["accessToken"]?.stringValue
      else { continue }
      if let region = json["region"]?.stringValue,
        let endpoints = try? SSOEndpoints.resolve(region: region, profile: profile, config: config, environment: environment),
        var portal = try? runtime.ssoClients(endpoints).portal
      {
        portal.rest.timeout = 10
        // The token may be expired or invalid already: the file goes either way.
        try? portal.logout(accessToken: access)
      }
      if unlink(path) == 0 { removedTokens += 1 }
    }
    let credentials = CredentialCache.directory(environment)
    var removedCredentials = 0
    for name in FileSystem.listDirectory(credentials).sorted() where name.hasSuffix(".json") {
      let path = credentials + "/" + name
      guard let bytes = FileSystem.readRegularFile(path, limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
        json["ProviderType"]?.stringValue == "sso"
      else { continue }
      if unlink(path) == 0 { removedCredentials += 1 }
    }
    return (removedTokens, removedCredentials)
  }
}

