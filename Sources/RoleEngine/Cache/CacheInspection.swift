#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Read-only look at AWS CLI cache entries, for `explain` and `list` (which never write).
package enum CacheInspection {
  /// The AWS CLI's assume-role cache: `~/.aws/cli/cache` under `$HOME` (spec §1.1).
  package static func directory(_ environment: Environment) -> String {
    var home = environment.homeDirectory
    while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
    return (home == "/" ? "" : home) + "/.aws/cli/cache"
  }

  /// What a cache file holds, as far as deciding reuse goes.
  package enum State: Equatable, Sendable {
    case missing
    /// Parsed; `expires` is `Credentials.Expiration`.
    case present(expires: Timestamp)
    /// Present but unusable (the reason says why); rolesh replaces such files.
    case unreadable(String)

    /// Whether the entry would be used at `now`: at least 900 s left (spec §4.4).
    package func isUsable(at now: Timestamp) -> Bool {
      if case .present(let expires) = self { return expires.secondsSinceEpoch - now.secondsSinceEpoch >= 900 }
      return false
    }
  }

  /// Inspects one entry without changing anything.
  package static func state(of path: String) -> State {
    guard FileSystem.exists(path) else { return .missing }
    guard let bytes = FileSystem.readRegularFile(path) else { return .unreadable("cannot be read") }
    guard let json = JSON.parse(bytes) else { return .unreadable("is not valid JSON") }
    guard let expiration = json["Credentials"]?["Expiration"]?.stringValue else {
      return .unreadable("has no Credentials.Expiration")
    }
    guard let expires = Timestamp(iso8601: expiration) else {
      return .unreadable("has an Expiration that is not a timestamp with a zone")
    }
    return .present(expires: expires)
  }
}

extension Timestamp {
  /// The current wall-clock time.
  package static func now() -> Timestamp {
    var spec = timespec()
    clock_gettime(CLOCK_REALTIME, &spec)
    return Timestamp(secondsSinceEpoch: Int(spec.tv_sec))
  }
}
