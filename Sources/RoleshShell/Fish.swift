import RoleshSupport

/// fish (3.x).
package struct Fish: Shell {
  package init() {}
  package var name: String { "fish" }

  /// Single quotes with `\\` and `\'` escaped: nothing else is special inside them.
  package func quote(_ value: String) -> String {
    var out = "'"
    for scalar in value.unicodeScalars {
      if scalar == "\\" || scalar == "'" { out += "\\" }
      out.unicodeScalars.append(scalar)
    }
    return out + "'"
  }

  package func render(_ operation: ShellOperation) -> String {
    switch operation {
    case .set(let name, let value): return "set -gx \(name) \(quote(value));"
    case .unset(let name): return "set -e -g \(name);"
    case .save(let name): return "set -g __rolesh_saved_\(name) \"$\(name)\";"
    case .restore(let name): return "set -gx \(name) \"$__rolesh_saved_\(name)\"; set -e -g __rolesh_saved_\(name);"
    case .forget(let name): return "set -e -g __rolesh_saved_\(name);"
    case .message(let text): return "printf '%s\\n' \(quote(text)) >&2;"
    }
  }

  package var setupLine: String { "rolesh init fish | source" }

  package var initTemplate: String { String(decoding: PackageResources.rolesh_fish, as: UTF8.self) }

  /// fish's generated completer runs `command rolesh`, which needs rolesh on PATH; the
  /// integration knows the binary's absolute path.
  package func completionScript(generated: String) -> String {
    generated.split(separator: "command $tokens[1]", omittingEmptySubsequences: false).joined(separator: "$__rolesh_bin")
  }
}
