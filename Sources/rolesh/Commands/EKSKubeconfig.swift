import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh eks kubeconfig --cluster NAME [--region R] [--alias A] [PROFILE]`.
  struct EKSKubeconfig: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "kubeconfig",
      abstract: "Write a kubeconfig context for an EKS cluster whose tokens come from rolesh eks token (no profile pinned unless given).")

    @Option(help: "The EKS cluster's name.")
    var cluster: String

    @Option(help: "The cluster's region (default: the profile's, else the environment's).", completion: .custom(completeRegions))
    var region: String?

    @Option(help: "The context's name (default: the cluster's ARN).")
    var alias: String?

    @Argument(help: "Pin this profile in the kubeconfig (default: follow the shell's identity).", completion: .custom(completeUsableProfiles))
    var profile: String?

    @OptionGroup var options: CredentialOptions

    func run() throws {
      Output.printError(try EKSCommands.kubeconfig(cluster: cluster, region: region, alias: alias, profile: profile, runtime: options.runtime))
    }
  }
}
