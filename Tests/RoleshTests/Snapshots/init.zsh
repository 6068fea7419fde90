# rolesh shell integration for zsh. Load it with:  eval "$(rolesh init zsh)"
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and
# precmd/chpwd hooks that follow `.awsrole` files and refresh keys before they expire. The
# hook costs nothing when nothing changed: $PWD, $EPOCHSECONDS and file mtimes are compared
# with builtins, and only a change runs `rolesh hook zsh`.

zmodload zsh/datetime 2>/dev/null  # $EPOCHSECONDS without spawning `date`
zmodload -F zsh/stat b:zstat 2>/dev/null

typeset -g __rolesh_bin='/usr/bin/rolesh'
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

# Tab completion (profile names come from ~/.aws/config).
#compdef rolesh

__rolesh_complete() {
    local -ar non_empty_completions=("${@:#(|:*)}")
    local -ar empty_completions=("${(M)@:#(|:*)}")
    _describe -V '' non_empty_completions -- empty_completions -P $'\'\''
}

__rolesh_custom_complete() {
    local -a completions
    completions=("${(@f)"$("${command_name}" "${@}" "${command_line[@]}")"}")
    if [[ "${#completions[@]}" -gt 1 ]]; then
        __rolesh_complete "${completions[@]:0:-1}"
    fi
}

__rolesh_cursor_index_in_current_word() {
    if [[ -z "${QIPREFIX}${IPREFIX}${PREFIX}" ]]; then
        printf 0
    else
        printf %s "${#${(z)LBUFFER}[-1]}"
    fi
}

_rolesh() {
    emulate -RL zsh -G
    setopt extendedglob nullglob numericglobsort
    unsetopt aliases banghist

    local -xr SAP_SHELL=zsh
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(builtin emulate zsh -c 'printf %s "${ZSH_VERSION}"')"
    local -r SAP_SHELL_VERSION

    local context state state_descr line
    local -A opt_args

    local -r command_name="${words[1]}"
    local -ar command_line=("${words[@]}")
    local -ir current_word_index="$((CURRENT - 1))"

    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'init:Print the shell integration; load it with bash: eval "$(rolesh init bash)"; zsh: eval "$(rolesh init zsh)"; fish: rolesh init fish | source.'
            'use:Switch this shell to PROFILE, or to a role given with --role-arn (pinned until `rolesh use --auto`); without either, pick a profile from a list.'
            'unset:Remove what rolesh set, restoring values you had before (where still unchanged).'
            'status:Show this shell'\''s profile, account, role, region, mode, source, expiry and what is pending.'
            'export:Resolve a profile and print its credentials (or shell code) to stdout.'
            'exec:Run a command (default: your shell) with a profile'\''s credentials.'
            'whoami:Show the identity behind a profile, or behind the current environment'\''s credentials.'
            'explain:Show how a profile resolves: each step, where it is configured, its cache entry, MFA.'
            'list:List profiles from the AWS config and credentials files.'
            'cache:Show or delete cached role credentials (~/.aws/cli/cache).'
            'allow:Trust a .awsrole file (default: the nearest one).'
            'deny:Block a .awsrole file (default: the nearest one).'
            'sso:Log in to IAM Identity Center, log out, or write its accounts and roles as profiles.'
            'keys:Keep IAM users'\'' long-term keys in the Secret Service or pass instead of ~/.aws/credentials.'
            'eks:Give kubectl EKS tokens as the shell'\''s AWS identity (or a profile'\''s), cached for their life.'
            'console:Open the AWS console signed in as a profile (default: the shell'\''s current identity).'
            'plugins:Show the Lua plugins rolesh loads here, their hooks and load errors.'
            'credential-process:Print a profile'\''s credentials as credential_process JSON (Version 1).'
            'help:Show subcommand help information.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        init|use|unset|status|export|exec|whoami|explain|list|cache|allow|deny|sso|keys|eks|console|plugins|credential-process|help)
            "_rolesh_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_init() {
    local -i ret=1
    local -ar arg_specs=(
        ':shell:'
        '--no-completions[Leave out tab completion.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_use() {
    local -i ret=1
    local -ar ___mode=('keys' 'profile')
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion use -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--mode[keys (export credentials, the default) or profile (export AWS_PROFILE).]:mode:{__rolesh_complete "${___mode[@]}"}'
        '--region[Region to export (default\: the profile'\''s region).]:region:{__rolesh_custom_complete ---completion use -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--auto[Unpin\: follow .awsrole files again.]'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--role-arn[Assume this role instead of a profile\: its ARN, or ACCOUNT-ID\:NAME.]:role-arn:'
        '(--source --source-profile)'{--source,--source-profile}'[With --role-arn\: the profile whose credentials assume the role (default\: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).]:source:{__rolesh_custom_complete ---completion use -- --source "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--session-name[With --role-arn\: the role session name (default\: as for a profile without one).]:session-name:'
        '--duration[With --role-arn\: seconds the role'\''s credentials last (900 to 43200).]:duration:'
        '--external-id[With --role-arn\: the external id the role'\''s trust policy asks for.]:external-id:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_unset() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_status() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print the status as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_export() {
    local -i ret=1
    local -ar ___mode=('keys' 'profile')
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion export -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--format[Output format\: env (KEY=value lines), a shell (bash, zsh, fish) for code to eval, json, process (credential_process JSON).]:format:'
        '--mode[keys (credentials, the default) or profile (AWS_PROFILE; the cache is warmed so the AWS CLI does not prompt).]:mode:{__rolesh_complete "${___mode[@]}"}'
        '--region[Region to export (default\: the profile'\''s region).]:region:{__rolesh_custom_complete ---completion export -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--role-arn[Assume this role instead of a profile\: its ARN, or ACCOUNT-ID\:NAME.]:role-arn:'
        '(--source --source-profile)'{--source,--source-profile}'[With --role-arn\: the profile whose credentials assume the role (default\: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).]:source:{__rolesh_custom_complete ---completion export -- --source "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--session-name[With --role-arn\: the role session name (default\: as for a profile without one).]:session-name:'
        '--duration[With --role-arn\: seconds the role'\''s credentials last (900 to 43200).]:duration:'
        '--external-id[With --role-arn\: the external id the role'\''s trust policy asks for.]:external-id:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_exec() {
    local -i ret=1
    local -ar arg_specs=(
        '--server[Serve the credentials to the command over the container credential protocol, renewed while it runs, instead of putting keys in its environment.]'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--region[Region the command gets (default\: the profile'\''s region).]:region:{__rolesh_custom_complete ---completion exec -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--role-arn[Assume this role instead of a profile\: its ARN, or ACCOUNT-ID\:NAME.]:role-arn:'
        '(--source --source-profile)'{--source,--source-profile}'[With --role-arn\: the profile whose credentials assume the role (default\: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).]:source:{__rolesh_custom_complete ---completion exec -- --source "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--session-name[With --role-arn\: the role session name (default\: as for a profile without one).]:session-name:'
        '--duration[With --role-arn\: seconds the role'\''s credentials last (900 to 43200).]:duration:'
        '--external-id[With --role-arn\: the external id the role'\''s trust policy asks for.]:external-id:'
        ':profile:{__rolesh_custom_complete ---completion exec -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '*:command:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_whoami() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion whoami -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--json[Print the identity as JSON.]'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--role-arn[Assume this role instead of a profile\: its ARN, or ACCOUNT-ID\:NAME.]:role-arn:'
        '(--source --source-profile)'{--source,--source-profile}'[With --role-arn\: the profile whose credentials assume the role (default\: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).]:source:{__rolesh_custom_complete ---completion whoami -- --source "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--session-name[With --role-arn\: the role session name (default\: as for a profile without one).]:session-name:'
        '--duration[With --role-arn\: seconds the role'\''s credentials last (900 to 43200).]:duration:'
        '--external-id[With --role-arn\: the external id the role'\''s trust policy asks for.]:external-id:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_explain() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion explain -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--json[Print the plan as JSON.]'
        '--role-arn[Assume this role instead of a profile\: its ARN, or ACCOUNT-ID\:NAME.]:role-arn:'
        '(--source --source-profile)'{--source,--source-profile}'[With --role-arn\: the profile whose credentials assume the role (default\: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).]:source:{__rolesh_custom_complete ---completion explain -- --source "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--session-name[With --role-arn\: the role session name (default\: as for a profile without one).]:session-name:'
        '--duration[With --role-arn\: seconds the role'\''s credentials last (900 to 43200).]:duration:'
        '--external-id[With --role-arn\: the external id the role'\''s trust policy asks for.]:external-id:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--long[Every column at full width\: role ARNs, MFA serials, cache expiry times.]'
        '--json[Print the list as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_cache() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List cache entries and their expiry.'
            'clear:Delete all cache entries, or only those of PROFILE'\''s chain.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|clear)
            "_rolesh_cache_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_cache_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print the list as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_cache_clear() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion cache clear -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_allow() {
    local -i ret=1
    local -ar arg_specs=(
        ':path:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_deny() {
    local -i ret=1
    local -ar arg_specs=(
        ':path:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_sso() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'login:Log in (authorization code with PKCE for sso-session profiles, else device code).'
            'logout:Log out of every session: invalidate and delete cached tokens and their role credentials.'
            'populate:Write a profile for every account and role the session can use into ~/.aws/config.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        login|logout|populate)
            "_rolesh_sso_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_sso_login() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion sso login -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--sso-session[Log in to this sso-session instead of a profile'\''s.]:sso-session:{__rolesh_custom_complete ---completion sso login -- --sso-session "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--use-device-code[Use the device code flow even for an sso-session.]'
        '--no-browser[Print the URL (and code) instead of opening a browser.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_sso_logout() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_sso_populate() {
    local -i ret=1
    local -ar arg_specs=(
        '--sso-session[The sso-session (default\: the current profile'\''s).]:sso-session:{__rolesh_custom_complete ---completion sso populate -- --sso-session "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--dry-run[Print the block instead of writing it.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'add:Store a profile'\''s access key (asked on the terminal, secret hidden) and point the profile at it.'
            'import:Move long-term keys out of ~/.aws/credentials into the key store (every such profile when none is named).'
            'list:List stored keys: profile, store, key id, when added and rotated (never a secret).'
            'remove:Delete a profile'\''s stored key and rolesh'\''s credential_process line (only that line).'
            'rotate:Create a new access key, store it, wait until it works, then delete the old one.'
            'credential-process:Print credential_process JSON for a stored key: a cached GetSessionToken session, or the key with --no-session.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        add|import|list|remove|rotate|credential-process)
            "_rolesh_keys_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_keys_add() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion keys add -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--env[Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys_import() {
    local -i ret=1
    local -ar arg_specs=(
        '*:profiles:{__rolesh_custom_complete ---completion keys import -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--yes[Do not ask before importing every profile.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--json[Print the list as JSON.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys_remove() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion keys remove -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--yes[Do not ask.]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys_rotate() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion keys rotate -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_keys_credential-process() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion keys credential-process -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--no-session[Print the long-term key itself (for tools that must call IAM without MFA).]'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_eks() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'token:Print a Kubernetes ExecCredential with an EKS token (cached for most of its 15 minutes).'
            'kubeconfig:Write a kubeconfig context for an EKS cluster whose tokens come from rolesh eks token (no profile pinned unless given).'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        token|kubeconfig)
            "_rolesh_eks_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_eks_token() {
    local -i ret=1
    local -ar arg_specs=(
        '--cluster[The EKS cluster'\''s name.]:cluster:'
        ':profile:{__rolesh_custom_complete ---completion eks token -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--role-arn[Assume this role first.]:role-arn:'
        '--region[The region of the STS endpoint (default\: the profile'\''s, else the environment'\''s).]:region:{__rolesh_custom_complete ---completion eks token -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_eks_kubeconfig() {
    local -i ret=1
    local -ar arg_specs=(
        '--cluster[The EKS cluster'\''s name.]:cluster:'
        '--region[The cluster'\''s region (default\: the profile'\''s, else the environment'\''s).]:region:{__rolesh_custom_complete ---completion eks kubeconfig -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--alias[The context'\''s name (default\: the cluster'\''s ARN).]:alias:'
        ':profile:{__rolesh_custom_complete ---completion eks kubeconfig -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_console() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion console -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--service[Open this service'\''s console (s3, ec2, …) instead of the front page.]:service:'
        '--destination[Open this console URL (https).]:destination:'
        '--region[The console'\''s region (default\: the profile'\''s).]:region:{__rolesh_custom_complete ---completion console -- --region "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--duration[The console session'\''s length in seconds (900–43200; roles assumed directly from keys or a web identity only).]:duration:'
        '--stdout[Print the sign-in URL on stdout instead of opening a browser (it is a secret for 15 minutes).]'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_plugins() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
        '(-): :->command'
        '(-)*:: :->arg'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0
    case "${state}" in
    command)
        local -ar subcommands=(
            'list:List plugins and the hooks each defines.'
            'check:Load every plugin; fail if any cannot be used.'
        )
        _describe -V subcommand subcommands && ret=0
        ;;
    arg)
        case "${words[1]}" in
        list|check)
            "_rolesh_plugins_${words[1]}" && ret=0
            ;;
        esac
        ;;
    esac

    return "${ret}"
}

_rolesh_plugins_list() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_plugins_check() {
    local -i ret=1
    local -ar arg_specs=(
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_credential-process() {
    local -i ret=1
    local -ar arg_specs=(
        ':profile:{__rolesh_custom_complete ---completion credential-process -- positional@0 "${current_word_index}" "$(__rolesh_cursor_index_in_current_word)"}'
        '--mfa-code[The 6-digit MFA code to use instead of asking on the terminal.]:mfa-code:'
        '--version[Show the version.]'
        '(-h --help)'{-h,--help}'[Show help information.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

_rolesh_help() {
    local -i ret=1
    local -ar arg_specs=(
        '*:subcommands:'
        '--version[Show the version.]'
    )
    _arguments -w -s -S : "${arg_specs[@]}" && ret=0

    return "${ret}"
}

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
