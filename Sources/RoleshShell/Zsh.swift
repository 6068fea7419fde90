import RoleshSupport

/// zsh (5.x).
package struct Zsh: Shell {
  package init() {}
  package var name: String { "zsh" }

  package func quote(_ value: String) -> String { POSIXQuoting.quote(value) }

  /// `typeset -g`: the saved copy is a global even when the code is evaluated inside a
  /// function (the `rolesh` function evaluates it).
  package func render(_ operation: ShellOperation) -> String { POSIXQuoting.render(operation, globalAssignment: "typeset -g ") }

  package var setupLine: String { "eval \"$(rolesh init zsh)\"" }

  package var initTemplate: String { String(decoding: PackageResources.rolesh_zsh, as: UTF8.self) }

  /// The generated script registers itself with `compdef`, which exists only after
  /// `compinit`: the documented setup line must not fail (status 127) when it has not run, so
  /// the registration waits for compinit when needed, and starts it at the first prompt when
  /// the startup file never did.
  package func completionScript(generated: String) -> String {
    var lines = generated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    // The generated script ends by calling `compdef` when it is not itself being autoloaded
    // from fpath; that block is replaced by the registration below.
    if let start = lines.firstIndex(where: { $0.hasPrefix("if [[ \"${funcstack[1]}\" = _rolesh ]]") }),
      let end = lines[start...].firstIndex(of: "fi")
    {
      lines.removeSubrange(start...end)
    }
    lines.removeAll { $0.hasPrefix("compdef ") }
    return lines.joined(separator: "\n") + """

      # Register the completion now if compinit has run, else at the first prompt: by then the
      # rest of the startup file has run, and if it never started the completion system
      # (a fresh ~/.zshrc has no compinit), rolesh starts it, so the documented line is enough.
      if (( $+functions[compdef] )); then
        compdef _rolesh rolesh
      else
        __rolesh_compdef_later() {
          precmd_functions=(${precmd_functions:#__rolesh_compdef_later})
          if ! (( $+functions[compdef] )); then
            autoload -Uz compinit && compinit -i
          fi
          (( $+functions[compdef] )) && compdef _rolesh rolesh
          return 0
        }
        precmd_functions+=(__rolesh_compdef_later)
      fi
      """
  }
}
