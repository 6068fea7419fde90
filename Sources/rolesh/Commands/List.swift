import ArgumentParser
import RoleEngine

extension RoleshCommand {
  /// `rolesh list [--long] [--json]`: every profile with its kind, account, role and source.
  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List profiles from the AWS config and credentials files.")

    @Flag(help: "Every column at full width: role ARNs, MFA serials, cache expiry times.")
    var long = false

    @Flag(help: "Print the list as JSON.")
    var json = false

    func run() throws { try ListRequest(long: long, json: json).perform() }
  }
}

/// `rolesh list` as plain values: the fast path and ArgumentParser both end here.
struct ListRequest {
  var long = false
  var json = false

  /// `list [--long] [--json]`; nil otherwise.
  static func fastParse(_ arguments: [String]) -> ListRequest? {
    guard arguments.first == "list", let plain = PlainArguments.parse(arguments.dropFirst(), flags: ["--long", "--json"], options: []),
      plain.positional == nil
    else { return nil }
    return ListRequest(long: plain.flags.contains("--long"), json: plain.flags.contains("--json"))
  }

  func perform() throws {
    Output.printChunks(
      try ProfileTable.render(long: long, json: json, width: Output.tableWidth, runtime: .live(mfa: .never, warn: Output.printError)))
  }
}
