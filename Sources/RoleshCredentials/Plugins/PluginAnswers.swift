import RoleshAWS
import RoleshSupport

/// The typed calls of each hook: every plugin answer is checked and turned into a Swift value
/// here, and nowhere else. An unusable answer is a `PluginError` naming the plugin.
extension PluginHost {
  /// `session_name`: a name STS accepts, or nil to use the default. A plain string enters the
  /// cache key, as a configured `role_session_name` does in botocore (so the AWS CLI, which
  /// has no such name, keeps its own entry); `{name = "…", shared = true}` leaves it out, as a
  /// generated name is, so rolesh and the CLI share the role's entry.
  package func sessionName(_ context: PluginContext) throws -> (name: String, keyed: Bool)? {
    guard let (value, plugin) = try firstAnswer(.sessionName, context) else { return nil }
    var name = value.stringValue
    var keyed = true
    if case .object(let fields) = value, fields.allSatisfy({ ["name", "shared"].contains($0.0) }) {
      name = value["name"]?.stringValue
      if let shared = value["shared"] {
        guard case .bool(let flag) = shared else {
          throw PluginError(plugin: plugin, message: "session_name's shared must be true or false")
        }
        keyed = !flag
      }
    }
    guard let name else {
      throw PluginError(
        plugin: plugin, message: "session_name must return a string, {name = \"…\", shared = true}, or nil, not \(value.serialized())")
    }
    guard SessionName.isValid(name) else {
      throw PluginError(
        plugin: plugin,
        message: "session_name returned \(name.debugDescription), which STS rejects: use 2 to 64 letters, digits or +=,.@_-")
    }
    return (name, keyed)
  }

  /// `mfa_code`: six digits, or nil to ask on the terminal.
  package func mfaCode(_ context: PluginContext) throws -> String? {
    guard let (value, plugin) = try firstAnswer(.mfaCode, context) else { return nil }
    guard let code = value.stringValue, MFACode.isValid(code) else {
      throw PluginError(plugin: plugin, message: "mfa_code must return 6 digits or nil")
    }
    return code
  }

  /// `web_identity_token`: a token, or nil to read the token file.
  package func webIdentityToken(_ context: PluginContext) throws -> String? {
    guard let (value, plugin) = try firstAnswer(.webIdentityToken, context) else { return nil }
    guard let token = value.stringValue, !token.isEmpty else {
      throw PluginError(plugin: plugin, message: "web_identity_token must return a non-empty string or nil")
    }
    return token
  }

  /// `before_assume`: the duration every plugin agrees on (the last one that sets it), or a
  /// denial from the first that denies.
  package func beforeAssume(_ context: PluginContext, roleArn: String) throws -> Int? {
    var duration: Int?
    for (answer, plugin) in try allAnswers(.beforeAssume, context) {
      guard case .object(let fields) = answer, fields.allSatisfy({ ["deny", "duration_seconds"].contains($0.0) }) else {
        throw PluginError(plugin: plugin, message: "before_assume must return nil, {duration_seconds = N} or {deny = \"reason\"}")
      }
      if let reason = answer["deny"] {
        throw PluginError(
          plugin: plugin, message: "denied assuming \(roleArn): \(reason.stringValue ?? reason.serialized())", isDenial: true)
      }
      if let value = answer["duration_seconds"] {
        guard case .number(let text) = value, let seconds = Numbers.integer(text, within: 900...43200) else {
          throw PluginError(
            plugin: plugin,
            message: "before_assume returned duration_seconds \(value.serialized()); it must be a whole number from 900 to 43200")
        }
        duration = seconds
      }
    }
    return duration
  }

  /// `browser`: the command words that open a console URL, or nil for `$BROWSER` / xdg-open.
  package func browserCommand(_ context: PluginContext) throws -> [String]? {
    guard let (value, plugin) = try firstAnswer(.browser, context) else { return nil }
    guard case .array(let items) = value, !items.isEmpty,
      let words = Optional(items.compactMap(\.stringValue)), words.count == items.count, !words[0].isEmpty
    else {
      throw PluginError(plugin: plugin, message: "browser must return nil or a list of words, the program first")
    }
    return words
  }

  /// `on_switch`: extra variables for the shell, names checked against `SwitchVariableRule`.
  package func switchVariables(_ context: PluginContext) throws -> [(String, String)] {
    var variables: [(String, String)] = []
    for (answer, plugin) in try allAnswers(.onSwitch, context) {
      guard case .object(let fields) = answer, fields.allSatisfy({ $0.0 == "env" }), case .object(let members)? = answer["env"]
      else {
        throw PluginError(plugin: plugin, message: "on_switch must return nil or {env = {NAME = \"value\"}}")
      }
      for (name, value) in members {
        if let reason = SwitchVariableRule.refusal(name) {
          throw PluginError(plugin: plugin, message: "on_switch cannot set \(name.debugDescription): \(reason)")
        }
        guard let text = value.stringValue else {
          throw PluginError(plugin: plugin, message: "on_switch value of \(name) must be a string")
        }
        variables.append((name, text))
      }
    }
    return variables
  }
}

/// Which variables `on_switch` may set. An allow rule with documented exceptions: a name of
/// upper-case letters, digits and `_` (so shell-internal lower-case names such as fish's
/// `fish_function_path` or zsh's `path` are out), and not one of the families that decide how
/// a shell or a program loads code or finds credentials.
package enum SwitchVariableRule {
  /// Exact names refused.
  static let refusedNames: Set<String> = [
    "HOME", "SHELL", "IFS", "TERM", "USER", "LOGNAME", "ENV", "BASH_ENV", "ZDOTDIR", "CDPATH", "PROMPT_COMMAND",
    "PROMPT", "RPROMPT", "PS0", "PS1", "PS2", "PS3", "PS4", "HISTFILE", "NODE_OPTIONS", "PYTHONSTARTUP", "PYTHONHOME",
    "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB", "JAVA_TOOL_OPTIONS", "EDITOR", "VISUAL", "PAGER", "BROWSER", "SSH_AUTH_SOCK",
    "GIT_SSH", "GIT_SSH_COMMAND", "GIT_EXEC_PATH", "GIT_CONFIG_GLOBAL", "TMPDIR",
  ]
  /// Prefixes refused: rolesh's own state, the AWS variables it manages, the dynamic loader.
  static let refusedPrefixes = ["AWS_", "ROLESH_", "LD_", "DYLD_", "BASH_FUNC_", "ZSH_", "FISH_"]

  /// Why `name` may not be set, or nil when it may.
  package static func refusal(_ name: String) -> String? {
    let bytes = Array(name.utf8)
    let wellFormed = !bytes.isEmpty && bytes.count <= 64 && !(0x30...0x39).contains(bytes[0])
      && bytes.allSatisfy { (0x41...0x5A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    guard wellFormed else { return "plugins may set names of upper-case letters, digits and _ only" }
    if refusedNames.contains(name) { return "it changes how the shell or programs start" }
    if let prefix = refusedPrefixes.first(where: name.hasPrefix) { return "names starting \(prefix) are rolesh's or the loader's" }
    if name.hasSuffix("PATH") { return "search paths (…PATH) decide which programs and libraries run" }
    if name.hasSuffix("_OPTIONS") || name.hasSuffix("OPT") { return "option variables (…_OPTIONS, …OPT) inject code into programs" }
    return nil
  }
}
