#if canImport(Glibc)
  import Glibc
#endif
import RoleshAWS
import RoleshCredentials
import RoleshSupport

/// Where plugins come from and whether they may run (plugins/README.md).
package enum PluginDiscovery {
  package enum Origin: String, Sendable {
    /// `$XDG_CONFIG_HOME/rolesh/plugins/*.lua`
    case user
    /// `.rolesh/plugins/*.lua` beside a trusted `.awsrole`
    case project
  }

  package struct File: Equatable, Sendable {
    package var path: String
    package var origin: Origin
  }

  /// The user plugin folder.
  package static func userDirectory(_ environment: Environment) -> String {
    StatePaths.configHome(environment) + "/rolesh/plugins"
  }

  /// The `.lua` files of a plugin folder, by name.
  package static func names(in directory: String) -> [String] {
    FileSystem.listDirectory(directory).filter { $0.hasSuffix(".lua") }.sorted()
  }

  /// Plugin files in load order: user plugins by name, then the project's by name. The caller
  /// passes a project folder only when the `.awsrole` beside it is trusted (its trust hash
  /// covers the plugins).
  package static func files(userDirectory: String, trustedProjectDirectory: String?) -> [File] {
    var files = names(in: userDirectory).map { File(path: userDirectory + "/" + $0, origin: .user) }
    if let project = trustedProjectDirectory {
      files += names(in: project).map { File(path: project + "/" + $0, origin: .project) }
    }
    return files
  }

  /// Refuses a plugin another user could have written: it must be a regular file owned by
  /// this user (or root) and not writable by group or others — nor may its folder be.
  package static func checkSafe(_ path: String) throws -> [UInt8] {
    var info = stat()
    guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
      throw PluginError(plugin: path, message: "is not a regular file; refusing to load it")
    }
    let me = geteuid()
    guard info.st_uid == me || info.st_uid == 0 else {
      throw PluginError(plugin: path, message: "is owned by another user (uid \(info.st_uid)); refusing to load it")
    }
    guard info.st_mode & 0o022 == 0 else {
      throw PluginError(
        plugin: path,
        message: "is writable by group or others (mode \(String(info.st_mode & 0o777, radix: 8))); refusing to load it: chmod go-w \(path)")
    }
    if let slash = path.lastIndex(of: "/") {
      let folder = String(path[..<slash])
      var folderInfo = stat()
      if stat(folder, &folderInfo) == 0, folderInfo.st_mode & 0o022 != 0, folderInfo.st_mode & S_ISVTX == 0 {
        throw PluginError(
          plugin: path, message: "lives in \(folder), which group or others can write; refusing to load it: chmod go-w \(folder)")
      }
    }
    let result = FileSystem.read(path, limit: FileSystem.smallFileLimit)
    guard case .contents(let bytes) = result else {
      throw PluginError(plugin: path, message: result.problem(path) ?? "cannot be read")
    }
    return bytes
  }
}

/// The loaded plugins, asked in load order.
package final class LuaPluginHost: PluginHost {
  package let runtimes: [LuaRuntime]

  package init(runtimes: [LuaRuntime]) { self.runtimes = runtimes }

  /// Loads `files`; `nil` when there are none (Lua is then never loaded). Any unsafe or
  /// broken plugin is an error naming it: nothing runs half-configured.
  package static func load(
    _ files: [PluginDiscovery.File], environment: Environment, transport: @escaping () -> HTTPTransport,
    log: @escaping (String) -> Void
  ) throws -> LuaPluginHost? {
    guard !files.isEmpty else { return nil }
    var runtimes: [LuaRuntime] = []
    for file in files {
      do {
        let source = try PluginDiscovery.checkSafe(file.path)
        runtimes.append(try LuaRuntime(path: file.path, source: source, environment: environment, transport: transport, log: log))
      } catch let error as PluginError where !error.isDenial {
        // Every command that consults plugins stops on this one: say how to get going again.
        var recoverable = error
        recoverable.detail += " — every command that consults plugins (roles, MFA codes, `use`) stops here, so fix or move this file (`rolesh plugins check` lists them all)"
        throw recoverable
      }
    }
    return LuaPluginHost(runtimes: runtimes)
  }

  package func plugins(defining hook: HookPoint) -> [String] {
    runtimes.filter { $0.hooks.contains(hook.rawValue) }.map(\.path)
  }

  package func firstAnswer(_ hook: HookPoint, _ context: PluginContext) throws -> (value: JSON, plugin: String)? {
    for runtime in runtimes {
      if let value = try runtime.call(hook.rawValue, context.json) { return (value, runtime.path) }
    }
    return nil
  }

  package func allAnswers(_ hook: HookPoint, _ context: PluginContext) throws -> [(value: JSON, plugin: String)] {
    try runtimes.compactMap { runtime in try runtime.call(hook.rawValue, context.json).map { ($0, runtime.path) } }
  }
}
