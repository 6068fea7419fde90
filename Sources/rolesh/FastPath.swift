import RoleshSupport

/// The everyday forms of the commands people and prompts run most, parsed without
/// ArgumentParser: its start-up (about 1.4 ms of protocol-conformance lookups) would otherwise
/// be most of their time. Each parser takes only plain forms and returns nil for anything else
/// (help, `--opt=value`, `--`, unknown options, mistakes), which ArgumentParser then handles
/// with its usual messages. FastParserTests holds every accepted form to ArgumentParser's
/// reading of it.
enum FastPath {
  /// The command to run, or nil to go through ArgumentParser.
  static func command(_ arguments: [String]) -> (() throws -> Void)? {
    guard let name = arguments.first else { return nil }
    switch name {
    case "hook": return HookRequest.fastParse(arguments)?.perform
    case "export": return ExportRequest.fastParse(arguments)?.perform
    case "explain": return ExplainRequest.fastParse(arguments)?.perform
    case "status": return StatusRequest.fastParse(arguments)?.perform
    case "use": return UseRequest.fastParse(arguments)?.perform
    case "unset": return UnsetRequest.fastParse(arguments)?.perform
    case "list": return ListRequest.fastParse(arguments)?.perform
    case "whoami": return WhoamiRequest.fastParse(arguments)?.perform
    case "eks": return EKSTokenRequest.fastParse(arguments)?.perform
    default: return nil
    }
  }
}

/// A subcommand's plain arguments: at most one positional (not starting with `-`), the given
/// flags and options (each at most once, an option's value in the next argument).
struct PlainArguments {
  var positional: String?
  var flags: [String] = []
  var options: [String: String] = [:]

  static func parse(_ arguments: ArraySlice<String>, flags: [String], options: [String]) -> PlainArguments? {
    var result = PlainArguments()
    var rest = arguments
    while let argument = rest.first {
      rest = rest.dropFirst()
      if flags.contains(argument) {
        guard !result.flags.contains(argument) else { return nil }
        result.flags.append(argument)
      } else if options.contains(argument) {
        guard result.options[argument] == nil, let value = rest.first, !value.hasPrefix("-") else { return nil }
        rest = rest.dropFirst()
        result.options[argument] = value
      } else if argument.hasPrefix("-") || result.positional != nil {
        return nil
      } else {
        result.positional = argument
      }
    }
    return result
  }
}
