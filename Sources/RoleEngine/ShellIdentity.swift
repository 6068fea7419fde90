import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// What `rolesh status` says about the identity a shell holds, from the config and the cache
/// (no network): the account and role it reaches, and when its credentials end.
package struct ShellIdentity: Sendable {
  package var account: String?
  package var roleArn: String?
  /// An IAM Identity Center role's name (its ARN has a path the config does not give).
  package var roleName: String?
  package var expires: Timestamp?

  /// `role`: the role named on the command line that `profile` names, if it is one.
  package static func describe(profile: String, mode: ShellMode, environment: Environment, role: OneOffRole? = nil) -> ShellIdentity {
    var identity = ShellIdentity()
    // Keys mode: the exported expiry is what the shell has. Profile mode: the cache entry the
    // AWS CLI will read.
    if mode == .keys { identity.expires = environment.nonEmpty("AWS_CREDENTIAL_EXPIRATION").flatMap(Timestamp.init(iso8601:)) }
    guard let loaded = try? ConfigLoader.load(environment),
      let config = role == nil ? loaded : try? role?.adding(to: loaded),
      let plan = try? ProfileResolver(config: config, environment: environment).resolve(.explicit(profile)),
      let last = plan.steps.last
    else { return identity }
    identity.roleArn = last.target?.roleArn
    identity.account = last.target?.accountId
    identity.roleName = last.target?.roleArn == nil ? last.target?.roleName : nil
    var entry: CacheEntry?
    if let key = last.cacheKey, case .present(let found) = CacheEntry.inspect(CredentialCache.directory(environment) + "/" + key.fileName) {
      entry = found
    }
    identity.account = identity.account ?? identity.roleArn.flatMap(ProfileListing.accountOf) ?? entry?.credentials.accountId
    if mode == .profile { identity.expires = entry?.expiration }
    return identity
  }
}
