import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshShell
import RoleshSupport

/// `rolesh eks token` and `rolesh eks kubeconfig`: kubectl authenticated as the shell's AWS
/// identity (or a named profile), without the AWS CLI, tokens reused for most of their life.
package enum EKSCommands {
  /// The identity a command acts as: a profile's, or — without one — the environment's own
  /// keys, else `AWS_PROFILE`/`default`. With `roleArn`, a role assumed from it first.
  struct Identity {
    var credentials: AWSCredentials
    var config: AWSConfig
    var profile: Profile?
    var region: String
    var sts: STSEndpoint
  }

  static func identity(profile: String?, roleArn: String?, region: String?, runtime: Runtime) throws -> Identity {
    let environment = runtime.environment
    var credentials: AWSCredentials
    let config: AWSConfig
    var selected: Profile?
    if profile == nil, let keys = CredentialEnvironment.keys(in: environment) {
      credentials = keys
      config = try runtime.config()
    } else {
      let session = try CredentialSession(profile: profile, runtime: runtime)
      credentials = try session.credentials()
      config = session.config
      selected = config.profile(session.plan.profile)
    }
    let chosen =
      region ?? (profile != nil ? selected?.text("region") : nil) ?? environment.nonEmpty("AWS_REGION")
      ?? environment.nonEmpty("AWS_DEFAULT_REGION") ?? selected?.text("region") ?? "us-east-1"
    let sts = try STSEndpoint.resolve(profile: selected, config: config, environment: environment, region: chosen)
    if let roleArn {
      guard roleArn.hasPrefix("arn:"), roleArn.utf8.count <= 2048 else {
        throw GeneralError("--role-arn takes a role ARN (arn:aws:iam::ACCOUNT:role/NAME)", status: .usage)
      }
      credentials = try runtime.stsClient(endpoint: sts).assumeRole(
        [("RoleArn", roleArn), ("RoleSessionName", "EKSGetTokenAuth")], source: credentials
      ).credentials
    }
    return Identity(credentials: credentials, config: config, profile: selected, region: chosen, sts: sts)
  }

  /// Where tokens are kept between kubectl runs: rolesh's state, never the AWS CLI's cache.
  static func tokenDirectory(_ environment: Environment) -> String { StatePaths.stateHome(environment) + "/rolesh/eks-tokens" }

  /// `rolesh eks token --cluster NAME [PROFILE] [--role-arn ARN] [--region R]`: the
  /// ExecCredential for kubectl.
  package static func token(cluster: String, profile: String?, roleArn: String?, region: String?, runtime: Runtime) throws -> String {
    guard !cluster.isEmpty, cluster.utf8.count <= 100, cluster.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
      throw GeneralError("--cluster takes a cluster name (1-100 visible characters)", status: .usage)
    }
    let found = try identity(profile: profile, roleArn: roleArn, region: region, runtime: runtime)
    let now = runtime.clock()
    let apiVersion = EKSToken.apiVersion(runtime.environment)
    // One token per identity (its key, which a rotation or a new role session changes),
    // cluster and STS endpoint, reused while more than a minute of it is left.
    let key = CacheKey(
      document: .object([
        ("AccessKeyId", .string(found.credentials.accessKeyId)), ("Cluster", .string(cluster)), ("Endpoint", .string(found.sts.url)),
        ("Region", .string(found.sts.signingRegion)), ("RoleArn", .optional(roleArn)),
      ]))
    let path = tokenDirectory(runtime.environment) + "/" + key.fileName
    if let bytes = FileSystem.readRegularFile(path, limit: FileSystem.smallFileLimit), let json = JSON.parse(bytes),
      let token = json["token"]?.stringValue, let expires = json["expiration"]?.stringValue.flatMap(Timestamp.init(iso8601:)),
      expires.seconds(after: now) > 60, expires.seconds(after: now) <= EKSToken.lifetime
    {
      return EKSToken.execCredential(token: token, expiration: expires, apiVersion: apiVersion)
    }
    guard let token = EKSToken.make(credentials: found.credentials, cluster: cluster, endpoint: found.sts, time: now) else {
      throw GeneralError("the STS endpoint \(found.sts.url) is not a valid URL", status: .configuration)
    }
    let expiration = now.adding(EKSToken.lifetime)
    do {
      try FileSystem.makeDirectories(tokenDirectory(runtime.environment), mode: 0o700)
      try FileSystem.writeAtomically(
        Array(JSON.object([("token", .string(token)), ("expiration", .string(expiration.description))]).serialized().utf8), to: path,
        mode: 0o600, durable: false)
    } catch {
      runtime.warn("rolesh: warning: the token could not be cached (\(error))")
    }
    return EKSToken.execCredential(token: token, expiration: expiration, apiVersion: apiVersion)
  }

  /// `rolesh eks kubeconfig --cluster NAME [--region R] [--alias A] [PROFILE]`: the cluster, a
  /// user whose exec runs `rolesh eks token`, and a context, written into `$KUBECONFIG` (its
  /// first file) or `~/.kube/config`; every other byte kept. Returns what to tell the person.
  package static func kubeconfig(cluster: String, region: String?, alias: String?, profile: String?, runtime: Runtime) throws -> String {
    let found = try identity(profile: profile, roleArn: nil, region: region, runtime: runtime)
    var client = EKSClient(
      transport: runtime.transport(),
      url: try EKSClient.endpoint(region: found.region, profile: found.profile, config: found.config, environment: runtime.environment),
      region: found.region)
    client.timeout = try runtime.requestTimeout()
    client.clock = runtime.clock
    let described = try client.describeCluster(cluster, credentials: found.credentials)
    let environment = runtime.environment
    let path =
      environment.nonEmpty("KUBECONFIG").flatMap { $0.split(separator: ":").first.map(String.init) }
      ?? environment.homeDirectory + "/.kube/config"
    let bytes = try FileSystem.readUserFile(path)
    var file = Kubeconfig(bytes, path: path)
    let name = described.arn
    let context = alias ?? name
    try file.setEntry(
      in: "clusters", name: name,
      body: ["cluster:", "  certificate-authority-data: \(Kubeconfig.scalar(described.certificateAuthority))", "  server: \(Kubeconfig.scalar(described.endpoint))"])
    var arguments = ["eks", "token", "--cluster", cluster, "--region", found.region]
    if let profile { arguments.append(profile) }
    try file.setEntry(
      in: "users", name: name,
      body: ["user:", "  exec:", "    apiVersion: client.authentication.k8s.io/v1beta1", "    command: \(Kubeconfig.scalar(ShellScripts.currentExecutable()))", "    args:"]
        + arguments.map { "    - \(Kubeconfig.scalar($0))" })
    try file.setEntry(in: "contexts", name: context, body: ["context:", "  cluster: \(Kubeconfig.scalar(name))", "  user: \(Kubeconfig.scalar(name))"])
    file.setCurrentContext(context)
    if let slash = path.lastIndex(of: "/") { try FileSystem.makeDirectories(String(path[..<slash]), mode: 0o700) }
    try FileSystem.replaceUserFile(file.bytes, at: path)
    return "rolesh: \(path): context \(context) for cluster \(cluster) (\(described.endpoint)); kubectl gets its tokens from rolesh eks token"
      + (profile == nil ? ", as whatever identity the shell has" : ", as profile \(profile!)")
  }
}
