import ArgumentParser

extension RoleshCommand {
  /// `rolesh plugins list|check`.
  struct Plugins: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Show the Lua plugins rolesh loads here, their hooks and load errors.", subcommands: [PluginsList.self, PluginsCheck.self])
  }
}
