#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshConfig
import RoleshCredentials
import RoleshSupport

/// The child of `rolesh exec --server`, for the signal handlers (a C function cannot capture).
nonisolated(unsafe) private var servedChild: pid_t = 0

/// `rolesh exec --server PROFILE CMD…`: CMD runs with a credential server instead of keys in
/// its environment, so programs that run for hours get renewed credentials.
package enum ExecWithServer {
  /// Runs `command` until it ends, serving credentials meanwhile; returns its exit status
  /// (128 + N for signal N).
  package static func run(_ command: [String], session: CredentialSession, region: String? = nil) throws -> Int32 {
    // Up front, where a person can still type an MFA code.
    let initial = try session.credentials()
    let selection = ProfileSelection.explicit(session.plan.profile)
    let margin = 20 * 60
    let renewals = session.runtime.with(mfa: NoPromptMFA())
    let server = try ContainerCredentialServer(initial: initial) {
      let renewal = try CredentialSession(selection: selection, runtime: renewals)
      renewal.resolver.context.minimumLifetime = margin
      return try renewal.credentials()
    }
    server.refreshMargin = margin
    server.warn = session.runtime.warn
    server.clock = session.runtime.clock
    warnIfShadowed(session: session)

    let environment = ChildEnvironment.served(
      by: server.url, token: server.token, profile: session.plan.profile, region: region ?? session.exportedRegion,
      from: session.environment)
    let pid: pid_t
    do {
      pid = try Subprocess.start(command, environment: environment, interactive: true)
    } catch let error as Subprocess.LaunchError {
      throw ExecFailure(program: error.program, code: error.code)
    }
    // Ctrl-C and Ctrl-\ reach the command (same process group); rolesh outlives it to answer
    // its last requests. A SIGTERM or SIGHUP for rolesh is passed on.
    servedChild = pid
    signal(SIGINT, SIG_IGN)
    signal(SIGQUIT, SIG_IGN)
    for forwarded in [SIGTERM, SIGHUP] {
      signal(forwarded) { number in if servedChild > 0 { kill(servedChild, number) } }
    }
    var status: Int32?
    server.serve {
      status = Subprocess.exitStatus(of: pid)
      return status != nil
    }
    return status ?? 1
  }

  /// SDKs try `[default]`'s own credentials before the container provider: say so when it has
  /// some, since they would win.
  static func warnIfShadowed(session: CredentialSession) {
    // Only credentials of its own: a `[default]` holding a region alone leads SDKs to the
    // metadata and container fallbacks, which come after the credential server anyway.
    guard let profile = session.config.profile("default"), ProviderRegistry.source(of: profile, in: session.config) != nil else {
      return
    }
    session.runtime.warn(
      "rolesh: warning: profile default has credentials of its own; SDKs in the command use them before the credential server")
  }
}

/// `execvp` failed: 127 when the program is missing, 126 when it cannot be run (shell convention).
package struct ExecFailure: RoleshError {
  package var program: String
  package var code: Int32

  package init(program: String, code: Int32) {
    self.program = program
    self.code = code
  }

  package var message: String { "cannot run \(program): \(String(cString: strerror(code)))" }
  package var exitStatus: ExitStatus { code == ENOENT ? .notFound : .cannotRun }
}
