# shellcheck shell=bash
# rolesh shell integration for bash. Load it with:  eval "$(rolesh init bash)"
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and a
# prompt hook that follows `.awsrole` files and refreshes keys before they expire. The hook
# costs nothing when nothing changed: it compares $PWD, $EPOCHSECONDS and file mtimes with
# builtins and only then runs `rolesh hook bash`.

__rolesh_bin='/usr/bin/rolesh'
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

# Tab completion (profile names come from ~/.aws/config).
#!/bin/bash

__rolesh_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__rolesh_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__rolesh_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__rolesh_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_rolesh() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|use|unset|status|export|exec|whoami|explain|list|cache|allow|deny|sso|keys|eks|console|plugins|credential-process|help)
        # Offer subcommand argument completions
        "_rolesh_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init use unset status export exec whoami explain list cache allow deny sso keys eks console plugins credential-process help' -- "${cur}"))
        ;;
    esac
}

_rolesh_init() {
    repeating_flags=()
    non_repeating_flags=(--no-completions --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1
}

_rolesh_use() {
    repeating_flags=()
    non_repeating_flags=(--auto --version -h --help)
    repeating_options=()
    non_repeating_options=(--mode --region --mfa-code --role-arn --source --source-profile --session-name --duration --external-id)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--mode')
        __rolesh_add_completions -W 'keys'$'\n''profile'
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion use -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--role-arn')
        return
        ;;
    '--source'|'--source-profile')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion use -- --source "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--session-name')
        return
        ;;
    '--duration')
        return
        ;;
    '--external-id')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion use -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_unset() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_export() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--format --mode --region --mfa-code --role-arn --source --source-profile --session-name --duration --external-id)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        return
        ;;
    '--mode')
        __rolesh_add_completions -W 'keys'$'\n''profile'
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion export -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--mfa-code')
        return
        ;;
    '--role-arn')
        return
        ;;
    '--source'|'--source-profile')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion export -- --source "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--session-name')
        return
        ;;
    '--duration')
        return
        ;;
    '--external-id')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion export -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_exec() {
    repeating_flags=()
    non_repeating_flags=(--server --version -h --help)
    repeating_options=()
    non_repeating_options=(--mfa-code --region --role-arn --source --source-profile --session-name --duration --external-id)
    __rolesh_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--mfa-code')
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion exec -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--role-arn')
        return
        ;;
    '--source'|'--source-profile')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion exec -- --source "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--session-name')
        return
        ;;
    '--duration')
        return
        ;;
    '--external-id')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion exec -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_whoami() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--mfa-code --role-arn --source --source-profile --session-name --duration --external-id)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--mfa-code')
        return
        ;;
    '--role-arn')
        return
        ;;
    '--source'|'--source-profile')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion whoami -- --source "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--session-name')
        return
        ;;
    '--duration')
        return
        ;;
    '--external-id')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion whoami -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_explain() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--role-arn --source --source-profile --session-name --duration --external-id)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--role-arn')
        return
        ;;
    '--source'|'--source-profile')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion explain -- --source "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--session-name')
        return
        ;;
    '--duration')
        return
        ;;
    '--external-id')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion explain -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_list() {
    repeating_flags=()
    non_repeating_flags=(--long --json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_cache() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|clear)
        # Offer subcommand argument completions
        "_rolesh_cache_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list clear' -- "${cur}"))
        ;;
    esac
}

_rolesh_cache_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_cache_clear() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion cache clear -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_allow() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1
}

_rolesh_deny() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1
}

_rolesh_sso() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    login|logout|populate)
        # Offer subcommand argument completions
        "_rolesh_sso_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'login logout populate' -- "${cur}"))
        ;;
    esac
}

_rolesh_sso_login() {
    repeating_flags=()
    non_repeating_flags=(--use-device-code --no-browser --version -h --help)
    repeating_options=()
    non_repeating_options=(--sso-session)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--sso-session')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion sso login -- --sso-session "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion sso login -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_sso_logout() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_sso_populate() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --version -h --help)
    repeating_options=()
    non_repeating_options=(--sso-session)
    __rolesh_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--sso-session')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion sso populate -- --sso-session "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_keys() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    add|import|list|remove|rotate|credential-process)
        # Offer subcommand argument completions
        "_rolesh_keys_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'add import list remove rotate credential-process' -- "${cur}"))
        ;;
    esac
}

_rolesh_keys_add() {
    repeating_flags=()
    non_repeating_flags=(--env --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion keys add -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_keys_import() {
    repeating_flags=()
    non_repeating_flags=(--yes --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options -1

    # Offer positional completions
    case "${positional_number}" in
    *)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion keys import -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_keys_list() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_keys_remove() {
    repeating_flags=()
    non_repeating_flags=(--yes --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion keys remove -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_keys_rotate() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--mfa-code)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--mfa-code')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion keys rotate -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_keys_credential-process() {
    repeating_flags=()
    non_repeating_flags=(--no-session --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion keys credential-process -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_eks() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    token|kubeconfig)
        # Offer subcommand argument completions
        "_rolesh_eks_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'token kubeconfig' -- "${cur}"))
        ;;
    esac
}

_rolesh_eks_token() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--cluster --role-arn --region)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--cluster')
        return
        ;;
    '--role-arn')
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion eks token -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion eks token -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_eks_kubeconfig() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--cluster --region --alias --mfa-code)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--cluster')
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion eks kubeconfig -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--alias')
        return
        ;;
    '--mfa-code')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion eks kubeconfig -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_console() {
    repeating_flags=()
    non_repeating_flags=(--stdout --version -h --help)
    repeating_options=()
    non_repeating_options=(--service --destination --region --duration --mfa-code)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--service')
        return
        ;;
    '--destination')
        return
        ;;
    '--region')
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion console -- --region "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    '--duration')
        return
        ;;
    '--mfa-code')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion console -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_plugins() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    list|check)
        # Offer subcommand argument completions
        "_rolesh_plugins_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'list check' -- "${cur}"))
        ;;
    esac
}

_rolesh_plugins_list() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_plugins_check() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_credential-process() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--mfa-code)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--mfa-code')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W "$(__rolesh_custom_complete ---completion credential-process -- positional@0 "${COMP_CWORD}" "$(__rolesh_cursor_index_in_current_word)")"
        return
        ;;
    esac
}

_rolesh_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options -1
}

complete -o filenames -F _rolesh rolesh
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
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
  fi
}
