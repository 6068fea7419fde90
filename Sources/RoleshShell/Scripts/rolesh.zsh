# rolesh shell integration for zsh. Load it with:  eval "$(rolesh init zsh)"
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and
# precmd/chpwd hooks that follow `.awsrole` files and refresh keys before they expire. The
# hook costs nothing when nothing changed: $PWD, $EPOCHSECONDS and file mtimes are compared
# with builtins, and only a change runs `rolesh hook zsh`.

zmodload zsh/datetime 2>/dev/null  # $EPOCHSECONDS without spawning `date`
zmodload -F zsh/stat b:zstat 2>/dev/null

typeset -g __rolesh_bin=@ROLESH_BIN@
typeset -g __rolesh_stamp="${XDG_STATE_HOME:-$HOME/.local/state}/rolesh/stamps/zsh-$$"

# Evaluates rolesh's output only when it succeeded; Ctrl-C cannot stop it half-way. Returns
# eval's own status, and fails softly under `setopt err_exit` (the left of `||` never exits).
__rolesh_eval() {
  local code eval_status=0
  code="$(ROLESH_SHELL=zsh ROLESH_STAMP="$__rolesh_stamp" "$@")" || return $?
  # `trap` inside a function is local to it in zsh (LOCAL_TRAPS): the user's INT trap is back
  # when this returns.
  setopt local_options local_traps
  trap -- '' INT
  eval "$code" || eval_status=$?
  return $eval_status
}

rolesh() {
  case "${1-}" in
    use|unset)
      __rolesh_eval "$__rolesh_bin" "$@"
      ;;
    allow|deny)
      "$__rolesh_bin" "$@" || return $?
      typeset -g __rolesh_dir="$PWD"
      __rolesh_eval "$__rolesh_bin" hook zsh
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
  for name in ${=ROLESH_WATCH_FILES-}; do
    [[ "$ROLESH_WATCH/$name" -nt "$__rolesh_stamp" ]] && return 0
  done
  return 1
}

# $ROLESH_PROMPT for prompts: "profile 42m", "profile (pending)" or empty. Builtins only
# (arithmetic on $EPOCHSECONDS): `setopt prompt_subst` and ${ROLESH_PROMPT} in PROMPT, or
# read it from starship.
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
  # (A `case` tests for digits more cheaply than a regex, on every prompt.)
  local refresh_due=""
  case "${ROLESH_REFRESH_AT-}" in
    '' | *[!0-9]*) ;;
    *) (( EPOCHSECONDS >= ROLESH_REFRESH_AT )) && refresh_due=1 ;;
  esac
  if [[ "$PWD" != "${__rolesh_dir-}" || -n "$refresh_due" ]] \
    || { [[ -n "${ROLESH_AWSROLE-}" ]] && [[ "$ROLESH_AWSROLE" -nt "$__rolesh_stamp" || ! -e "$ROLESH_AWSROLE" ]] } \
    || { [[ -n "${ROLESH_PENDING-}" ]] && __rolesh_watch_changed }; then
    typeset -g __rolesh_dir="$PWD"
    # A failing hook says so and nothing more: it must never end the shell under err_exit.
    __rolesh_eval "$__rolesh_bin" hook zsh || :
  fi
  # Nothing to show and nothing shown: no call.
  [[ -z "${ROLESH_PROFILE-}${ROLESH_PENDING-}${ROLESH_PROMPT-}" ]] || __rolesh_prompt_update
  return $previous_exit_status
}

# chpwd catches directory changes made by widgets that never reach a new prompt.
typeset -ag precmd_functions chpwd_functions
if (( ! ${precmd_functions[(I)__rolesh_hook]} )); then
  precmd_functions=(__rolesh_hook $precmd_functions)
fi
if (( ! ${chpwd_functions[(I)__rolesh_hook]} )); then
  chpwd_functions=(__rolesh_hook $chpwd_functions)
fi
