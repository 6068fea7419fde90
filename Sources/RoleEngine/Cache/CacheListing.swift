#if canImport(Glibc)
  import Glibc
#endif

/// `rolesh cache list` and `rolesh cache clear`: the AWS CLI cache entries, attributed to the
/// profiles whose chains use them.
package struct CacheListing {
  package struct Entry: Equatable, Sendable {
    package var fileName: String
    /// `profile` for a profile's own role, `profile (via top)` for a hop in another's chain.
    package var profiles: [String]
    package var roleArn: String?
    package var expires: Timestamp?
    package var problem: String?
  }

  package var directory: String
  package var entries: [Entry]
  /// Entries no profile of this config leads to (other tools, old settings).
  package var unattributed: Int

  /// Reads the cache directory and plans every profile to attribute entries (no network).
  package init(config: AWSConfig, environment: Environment) {
    directory = CacheInspection.directory(environment)
    let resolver = ProfileResolver(config: config, environment: environment)
    var owners: [String: (profiles: [String], role: String)] = [:]
    for name in config.profileOrder {
      guard let plan = try? resolver.resolve(.explicit(name)) else { continue }
      for step in plan.steps {
        guard let key = step.cacheKey else { continue }
        let label = step.profile == name ? name : "\(step.profile) (via \(name))"
        let role: String
        switch step {
        case .assumeRole(let s): role = s.roleArn.displayText
        case .webIdentity(let s): role = s.roleArn.displayText
        default: role = ""
        }
        if !(owners[key.fileName]?.profiles.contains(label) ?? false) {
          owners[key.fileName, default: ([], role)].profiles.append(label)
        }
      }
    }
    var entries: [Entry] = []
    var unattributed = 0
    for file in FileSystem.listDirectory(directory).sorted() where file.hasSuffix(".json") {
      guard let owner = owners[file] else {
        unattributed += 1
        continue
      }
      var entry = Entry(fileName: file, profiles: owner.profiles, roleArn: owner.role, expires: nil, problem: nil)
      switch CacheInspection.state(of: directory + "/" + file) {
      case .present(let expires): entry.expires = expires
      case .unreadable(let reason): entry.problem = reason
      case .missing: continue
      }
      entries.append(entry)
    }
    self.entries = entries
    self.unattributed = unattributed
  }

  /// Deletes cache entries: every `*.json` (and stray `tmp*.tmp`) when `fileNames` is nil.
  /// Returns the names removed.
  package static func clear(directory: String, fileNames: Set<String>?) -> [String] {
    var removed: [String] = []
    for file in FileSystem.listDirectory(directory).sorted() {
      let isEntry = file.hasSuffix(".json")
      let isLeftover = file.hasPrefix("tmp") && file.hasSuffix(".tmp")
      guard isEntry || isLeftover else { continue }
      if let fileNames, !fileNames.contains(file) { continue }
      if unlink(directory + "/" + file) == 0 { removed.append(file) }
    }
    return removed
  }
}

extension FileSystem {
  /// Names in a directory (no `.` or `..`); empty when it cannot be read.
  package static func listDirectory(_ path: String) -> [String] {
    guard let directory = opendir(path) else { return [] }
    defer { closedir(directory) }
    var names: [String] = []
    while let entry = readdir(directory) {
      let name = withUnsafePointer(to: entry.pointee.d_name) {
        $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
      }
      if name != "." && name != ".." { names.append(name) }
    }
    return names
  }
}
