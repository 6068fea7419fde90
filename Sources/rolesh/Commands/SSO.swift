import ArgumentParser

extension RoleshCommand {
  /// `rolesh sso login|logout|populate`: IAM Identity Center, sharing every file with the AWS
  /// CLI v2.
  struct SSO: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "sso", abstract: "Log in to IAM Identity Center, log out, or write its accounts and roles as profiles.",
      subcommands: [SSOLogin.self, SSOLogout.self, SSOPopulate.self])
  }
}
