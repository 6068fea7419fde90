import RoleshSupport

/// GNU bash (5.x).
package struct Bash: Shell {
  package init() {}
  package var name: String { "bash" }

  package func quote(_ value: String) -> String { POSIXQuoting.quote(value) }

  package func render(_ operation: ShellOperation) -> String { POSIXQuoting.render(operation) }

  package var setupLine: String { "eval \"$(rolesh init bash)\"" }

  package var initTemplate: String { String(decoding: PackageResources.rolesh_bash, as: UTF8.self) }

  /// bash's completion file needs rolesh's literal-candidate helper too.
  package func completionFile(generated: String) -> String { completionScript(generated: generated) }

  /// ArgumentParser's bash completion passes the candidates it gets from rolesh through
  /// `compgen -W "$(…)"`, which expands every word: a profile named `$(touch x)` would run.
  /// Its `__rolesh_add_completions` is replaced by one that fills COMPREPLY line by line and
  /// compares prefixes literally; candidates are never expanded.
  package func completionScript(generated: String) -> String {
    generated + """

      # rolesh: candidates are data. Replaces the generated helper, whose `compgen -W` expands
      # (and so runs) `$(…)` in profile names.
      __rolesh_add_completions() {
        if [[ "${1-}" == -W ]]; then
          # rolesh's own candidates (profiles, regions, sessions) are names, not paths: the
          # registration's `-o filenames` would show `Account/Role` as `Role` and add a `/` to
          # a name that matches a folder here.
          compopt +o filenames 2>/dev/null
          local line
          while IFS= read -r line; do
            [[ -n "$line" && "$line" == "${cur}"* ]] && COMPREPLY+=("$line")
          done <<< "${2-}"
        else
          local completion
          while IFS='' read -r completion; do
            COMPREPLY+=("${completion}")
          done < <(IFS=$'\\n' compgen "${@}" -- "${cur}")
        fi
      }
      """
  }
}
