import ArgumentParser

extension RoleshCommand {
  /// `rolesh keys add|import|list|remove|rotate|credential-process`: long-term keys in the OS
  /// keyring (or pass) instead of ~/.aws/credentials.
  struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Keep IAM users' long-term keys in the Secret Service or pass instead of ~/.aws/credentials.",
      subcommands: [KeysAdd.self, KeysImport.self, KeysList.self, KeysRemove.self, KeysRotate.self, KeysCredentialProcess.self])
  }
}
