# shellcheck shell=bash
# rolesh shell integration for bash. Load it with:  eval "$(rolesh init bash)"
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and a
# prompt hook that follows `.awsrole` files and refreshes keys before they expire. The hook
# costs nothing when nothing changed: it compares $PWD, $EPOCHSECONDS and file mtimes with
# builtins and only then runs `rolesh hook bash`.

__rolesh_bin=@ROLESH_BIN@
# Touched by `rolesh hook`; an .awsrole newer than it has been edited since.
__rolesh_stamp="${XDG_STATE_HOME:-$HOME/.local/state}/rolesh/stamps/bash-$$"

# Evaluates rolesh's output only when it succeeded; Ctrl-C cannot stop it half-way. Returns
# eval's own status, and fails softly: under `set -e` a failed assignment must not end the
# shell (commands on the left of `||` never trigger errexit). Like direnv's hook, it resets
# SIGINT to the default afterwards: reading the user's own INT trap back would cost a fork
# (`$(trap -p INT)`) on every change of identity.
__rolesh_eval() {
  local code eval_status=0
  code="$(ROLESH_SHELL=bash ROLESH_STAMP="$__rolesh_stamp" "$@")" || return $?
  trap -- '' INT
  eval "$code" || eval_status=$?
  trap - INT
  return $eval_status
}

rolesh() {
  case "${1-}" in
    use|unset)
      __rolesh_eval "$__rolesh_bin" "$@"
      ;;
    allow|deny)
      "$__rolesh_bin" "$@" || return $?
      # Apply (or drop) the directory's identity now rather than at the next `cd`.
      __rolesh_dir="$PWD"
      __rolesh_eval "$__rolesh_bin" hook bash
      ;;
    *)
      "$__rolesh_bin" "$@"
      ;;
  esac
}

# While an identity is pending (an MFA code, an SSO login), the files whose change may mean
# another shell or the AWS CLI has supplied it: the folder (files created or replaced in it)
# and the entries that may be rewritten in place. Builtins only.
__rolesh_watch_changed() {
  [[ -n "${ROLESH_PENDING-}" && -n "${ROLESH_WATCH-}" ]] || return 1
  [[ "$ROLESH_WATCH" -nt "$__rolesh_stamp" ]] && return 0
  local name
  for name in ${ROLESH_WATCH_FILES-}; do
    [[ "$ROLESH_WATCH/$name" -nt "$__rolesh_stamp" ]] && return 0
  done
  return 1
}

# $ROLESH_PROMPT for prompts: "profile 42m", "profile (pending)" or empty. Builtins only
# (arithmetic on $EPOCHSECONDS): put ${ROLESH_PROMPT} in PS1, or read it from starship.
__rolesh_prompt_update() {
  local text=""
  if [[ -n "${ROLESH_PENDING-}" ]]; then
    text="$ROLESH_PENDING (pending)"
  elif [[ -n "${ROLESH_PROFILE-}" && -n "${ROLESH_ORIGIN-}" ]]; then
    text="$ROLESH_PROFILE"
    # Digits only before arithmetic sees it (a `case` costs less than a regex every prompt).
    case "${ROLESH_EXPIRES_AT-}" in
      '' | *[!0-9]*) ;;
      *) text+=" $(( ROLESH_EXPIRES_AT > EPOCHSECONDS ? (ROLESH_EXPIRES_AT - EPOCHSECONDS) / 60 : 0 ))m" ;;
    esac
  fi
  # Assigning an exported variable makes the shell rebuild the environment: only on a change.
  [[ "$text" == "${ROLESH_PROMPT-}" ]] || export ROLESH_PROMPT="$text"
}

__rolesh_hook() {
  local previous_exit_status=$?
  # Builtins only: a new directory, refresh time reached, the applied .awsrole edited, or a
  # watched file changed while pending.
  # (The refresh time is checked to be digits before arithmetic sees it: bash evaluates
  # array subscripts inside (( )), so a crafted value could otherwise run a command.)
  # (A `case` tests for digits more cheaply than a regex, on every prompt.)
  local refresh_due=""
  case "${ROLESH_REFRESH_AT-}" in
    '' | *[!0-9]*) ;;
    *) (( EPOCHSECONDS >= ROLESH_REFRESH_AT )) && refresh_due=1 ;;
  esac
  if [[ "$PWD" != "${__rolesh_dir-}" || -n "$refresh_due" ]] \
    || { [[ -n "${ROLESH_AWSROLE-}" ]] && [[ "$ROLESH_AWSROLE" -nt "$__rolesh_stamp" || ! -e "$ROLESH_AWSROLE" ]]; } \
    || { [[ -n "${ROLESH_PENDING-}" ]] && __rolesh_watch_changed; }; then
    __rolesh_dir="$PWD"
    # A failing hook (a typo in .awsrole, STS down) says so and nothing more: it must never
    # end the shell under `set -e`.
    __rolesh_eval "$__rolesh_bin" hook bash || :
  fi
  # Nothing to show and nothing shown: no call.
  [[ -z "${ROLESH_PROFILE-}${ROLESH_PENDING-}${ROLESH_PROMPT-}" ]] || __rolesh_prompt_update
  return $previous_exit_status
}

# Register once, first in line, whether PROMPT_COMMAND is a string or (bash 5.1+) an array.
if [[ "$(declare -p PROMPT_COMMAND 2>/dev/null)" == "declare -a"* ]]; then
  if [[ " ${PROMPT_COMMAND[*]} " != *" __rolesh_hook "* ]]; then
    PROMPT_COMMAND=(__rolesh_hook "${PROMPT_COMMAND[@]}")
  fi
elif [[ ";${PROMPT_COMMAND:-};" != *";__rolesh_hook;"* ]]; then
  PROMPT_COMMAND="__rolesh_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
fi
