import ArgumentParser

extension RoleshCommand {
  /// `rolesh eks token|kubeconfig`: kubectl for EKS, authenticated as the shell's identity.
  struct EKS: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "eks", abstract: "Give kubectl EKS tokens as the shell's AWS identity (or a profile's), cached for their life.",
      subcommands: [EKSToken.self, EKSKubeconfig.self])
  }
}
