# rolesh shell integration for fish. Load it with:  rolesh init fish | source
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and
# hooks on fish_prompt and PWD changes that follow `.awsrole` files and refresh keys before
# they expire. Steady state spawns no process: fish has no $EPOCHSECONDS, so the current time
# is read from the stamp file's age with the `path mtime` builtin (fish 3.5+).

set -g __rolesh_bin '/usr/bin/rolesh'
if set -q XDG_STATE_HOME; and test -n "$XDG_STATE_HOME"
    set -g __rolesh_stamp "$XDG_STATE_HOME/rolesh/stamps/fish-$fish_pid"
else
    set -g __rolesh_stamp "$HOME/.local/state/rolesh/stamps/fish-$fish_pid"
end

# Evaluates rolesh's output only when it succeeded, and returns eval's own status.
function __rolesh_eval
    # `VAR=value command` (fish 3.1+) instead of `env`: one process, and a binary path with
    # `=` in it stays a path. `string collect` keeps the output one string, newlines inside
    # values included; $pipestatus[1] is rolesh's own status.
    set -l code (ROLESH_SHELL=fish ROLESH_STAMP=$__rolesh_stamp $argv | string collect)
    set -l code_status $pipestatus[1]
    test $code_status -eq 0; or return $code_status
    # fish defers signal handlers while a command runs, so eval completes as a whole.
    eval $code
end

function rolesh --description 'Switch this shell between AWS identities'
    switch "$argv[1]"
        case use unset
            __rolesh_eval $__rolesh_bin $argv
        case allow deny
            $__rolesh_bin $argv; or return $status
            set -g __rolesh_dir $PWD
            __rolesh_eval $__rolesh_bin hook fish
        case '*'
            $__rolesh_bin $argv
    end
end

# While an identity is pending (an MFA code, an SSO login), the files whose change may mean
# another shell or the AWS CLI has supplied it: the folder (files created or replaced in it)
# and the entries that may be rewritten in place. Builtins only.
function __rolesh_watch_changed
    set -q ROLESH_PENDING; and set -q ROLESH_WATCH; or return 1
    test -n "$ROLESH_WATCH"; or return 1
    test "$ROLESH_WATCH" -nt $__rolesh_stamp; and return 0
    for name in (string split -n ' ' -- "$ROLESH_WATCH_FILES")
        test "$ROLESH_WATCH/$name" -nt $__rolesh_stamp; and return 0
    end
    return 1
end

# $ROLESH_PROMPT for prompts: "profile 42m", "profile (pending)" or empty. Builtins only (the
# time comes from the stamp file's age): print it from fish_prompt, or read it from starship.
function __rolesh_prompt_update
    set -l text ""
    if set -q ROLESH_PENDING; and test -n "$ROLESH_PENDING"
        set text "$ROLESH_PENDING (pending)"
    else if set -q ROLESH_PROFILE; and set -q ROLESH_ORIGIN; and test -n "$ROLESH_PROFILE"
        set text "$ROLESH_PROFILE"
        if set -q ROLESH_EXPIRES_AT; and string match -qr '^[0-9]+$' -- "$ROLESH_EXPIRES_AT"; and test -e $__rolesh_stamp
            set -l now (math (path mtime $__rolesh_stamp) + (path mtime --relative $__rolesh_stamp))
            set text "$ROLESH_PROFILE "(math --scale=0 "max(0, $ROLESH_EXPIRES_AT - $now) / 60")m
        end
    end
    # Only on a change, as in bash and zsh.
    if not set -q ROLESH_PROMPT; or test "$ROLESH_PROMPT" != "$text"
        set -gx ROLESH_PROMPT "$text"
    end
end

function __rolesh_hook
    set -l previous_status $status
    set -l run 0
    if test "$PWD" != "$__rolesh_dir"
        set run 1
    else if set -q ROLESH_REFRESH_AT; and test -e $__rolesh_stamp
        set -l now (math (path mtime $__rolesh_stamp) + (path mtime --relative $__rolesh_stamp))
        test $now -ge $ROLESH_REFRESH_AT; and set run 1
    end
    if test $run -eq 0; and set -q ROLESH_AWSROLE
        if not test -e $ROLESH_AWSROLE; or test $ROLESH_AWSROLE -nt $__rolesh_stamp
            set run 1
        end
    end
    if test $run -eq 0; and __rolesh_watch_changed
        set run 1
    end
    if test $run -eq 1
        set -g __rolesh_dir $PWD
        __rolesh_eval $__rolesh_bin hook fish
    end
    __rolesh_prompt_update
    return $previous_status
end

# Defining the functions again replaces them, so loading twice registers nothing twice.
function __rolesh_on_prompt --on-event fish_prompt
    __rolesh_hook
end

function __rolesh_on_pwd --on-variable PWD
    __rolesh_hook
end

# Tab completion (profile names come from ~/.aws/config).
function __rolesh_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rolesh_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rolesh_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rolesh_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rolesh_parse_tokens -S
    set -l unparsed_tokens (__rolesh_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rolesh'
        __rolesh_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __rolesh_parse_subcommand 1 'no-completions' 'version' 'h/help'
        case 'use'
            __rolesh_parse_subcommand 1 'mode=' 'region=' 'auto' 'mfa-code=' 'role-arn=' 'source=' 'session-name=' 'duration=' 'external-id=' 'version' 'h/help'
        case 'unset'
            __rolesh_parse_subcommand 0 'version' 'h/help'
        case 'status'
            __rolesh_parse_subcommand 0 'json' 'version' 'h/help'
        case 'export'
            __rolesh_parse_subcommand 1 'format=' 'mode=' 'region=' 'mfa-code=' 'role-arn=' 'source=' 'session-name=' 'duration=' 'external-id=' 'version' 'h/help'
        case 'exec'
            __rolesh_parse_subcommand -r 2 'server' 'mfa-code=' 'region=' 'role-arn=' 'source=' 'session-name=' 'duration=' 'external-id=' 'version' 'h/help'
        case 'whoami'
            __rolesh_parse_subcommand 1 'json' 'mfa-code=' 'role-arn=' 'source=' 'session-name=' 'duration=' 'external-id=' 'version' 'h/help'
        case 'explain'
            __rolesh_parse_subcommand 1 'json' 'role-arn=' 'source=' 'session-name=' 'duration=' 'external-id=' 'version' 'h/help'
        case 'list'
            __rolesh_parse_subcommand 0 'long' 'json' 'version' 'h/help'
        case 'cache'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __rolesh_parse_subcommand 0 'json' 'version' 'h/help'
            case 'clear'
                __rolesh_parse_subcommand 1 'version' 'h/help'
            end
        case 'allow'
            __rolesh_parse_subcommand 1 'version' 'h/help'
        case 'deny'
            __rolesh_parse_subcommand 1 'version' 'h/help'
        case 'sso'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'login'
                __rolesh_parse_subcommand 1 'sso-session=' 'use-device-code' 'no-browser' 'version' 'h/help'
            case 'logout'
                __rolesh_parse_subcommand 0 'version' 'h/help'
            case 'populate'
                __rolesh_parse_subcommand 0 'sso-session=' 'dry-run' 'version' 'h/help'
            end
        case 'keys'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'add'
                __rolesh_parse_subcommand 1 'env' 'version' 'h/help'
            case 'import'
                __rolesh_parse_subcommand -r 1 'yes' 'version' 'h/help'
            case 'list'
                __rolesh_parse_subcommand 0 'json' 'version' 'h/help'
            case 'remove'
                __rolesh_parse_subcommand 1 'yes' 'version' 'h/help'
            case 'rotate'
                __rolesh_parse_subcommand 1 'mfa-code=' 'version' 'h/help'
            case 'credential-process'
                __rolesh_parse_subcommand 1 'no-session' 'version' 'h/help'
            end
        case 'eks'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'token'
                __rolesh_parse_subcommand 1 'cluster=' 'role-arn=' 'region=' 'version' 'h/help'
            case 'kubeconfig'
                __rolesh_parse_subcommand 1 'cluster=' 'region=' 'alias=' 'mfa-code=' 'version' 'h/help'
            end
        case 'console'
            __rolesh_parse_subcommand 1 'service=' 'destination=' 'region=' 'duration=' 'stdout' 'mfa-code=' 'version' 'h/help'
        case 'plugins'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'list'
                __rolesh_parse_subcommand 0 'version' 'h/help'
            case 'check'
                __rolesh_parse_subcommand 0 'version' 'h/help'
            end
        case 'credential-process'
            __rolesh_parse_subcommand 1 'mfa-code=' 'version' 'h/help'
        case 'help'
            __rolesh_parse_subcommand -r 1 'version'
        end
    end
end

function __rolesh_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rolesh_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rolesh_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rolesh_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rolesh_tokens -p)
    if test -z "$(__rolesh_tokens -t)"
        set -l index (count (__rolesh_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    $__rolesh_bin $argv $tokens
end

complete -c 'rolesh' -f
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'init' -d 'Print the shell integration; load it with bash: eval "$(rolesh init bash)"; zsh: eval "$(rolesh init zsh)"; fish: rolesh init fish | source.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'use' -d 'Switch this shell to PROFILE, or to a role given with --role-arn (pinned until `rolesh use --auto`); without either, pick a profile from a list.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'unset' -d 'Remove what rolesh set, restoring values you had before (where still unchanged).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'status' -d 'Show this shell\'s profile, account, role, region, mode, source, expiry and what is pending.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'export' -d 'Resolve a profile and print its credentials (or shell code) to stdout.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'exec' -d 'Run a command (default: your shell) with a profile\'s credentials.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'whoami' -d 'Show the identity behind a profile, or behind the current environment\'s credentials.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'explain' -d 'Show how a profile resolves: each step, where it is configured, its cache entry, MFA.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'list' -d 'List profiles from the AWS config and credentials files.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'cache' -d 'Show or delete cached role credentials (~/.aws/cli/cache).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'allow' -d 'Trust a .awsrole file (default: the nearest one).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'deny' -d 'Block a .awsrole file (default: the nearest one).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'sso' -d 'Log in to IAM Identity Center, log out, or write its accounts and roles as profiles.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'keys' -d 'Keep IAM users\' long-term keys in the Secret Service or pass instead of ~/.aws/credentials.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'eks' -d 'Give kubectl EKS tokens as the shell\'s AWS identity (or a profile\'s), cached for their life.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'console' -d 'Open the AWS console signed in as a profile (default: the shell\'s current identity).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'plugins' -d 'Show the Lua plugins rolesh loads here, their hooks and load errors.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'credential-process' -d 'Print a profile\'s credentials as credential_process JSON (Version 1).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh init" no-completions' -l 'no-completions' -d 'Leave out tab completion.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh init" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh use" -eq 1' -fka '(__rolesh_custom_completion ---completion use -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" mode' -l 'mode' -d 'keys (export credentials, the default) or profile (export AWS_PROFILE).' -rfka 'keys profile'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" region' -l 'region' -d 'Region to export (default: the profile\'s region).' -rfka '(__rolesh_custom_completion ---completion use -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" auto' -l 'auto' -d 'Unpin: follow .awsrole files again.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" role-arn' -l 'role-arn' -d 'Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" source source-profile' -l 'source' -l 'source-profile' -d 'With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).' -rfka '(__rolesh_custom_completion ---completion use -- --source (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" session-name' -l 'session-name' -d 'With --role-arn: the role session name (default: as for a profile without one).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" duration' -l 'duration' -d 'With --role-arn: seconds the role\'s credentials last (900 to 43200).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" external-id' -l 'external-id' -d 'With --role-arn: the external id the role\'s trust policy asks for.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh use" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh unset" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh unset" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" json' -l 'json' -d 'Print the status as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh export" -eq 1' -fka '(__rolesh_custom_completion ---completion export -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" format' -l 'format' -d 'Output format: env (KEY=value lines), a shell (bash, zsh, fish) for code to eval, json, process (credential_process JSON).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" mode' -l 'mode' -d 'keys (credentials, the default) or profile (AWS_PROFILE; the cache is warmed so the AWS CLI does not prompt).' -rfka 'keys profile'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" region' -l 'region' -d 'Region to export (default: the profile\'s region).' -rfka '(__rolesh_custom_completion ---completion export -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" role-arn' -l 'role-arn' -d 'Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" source source-profile' -l 'source' -l 'source-profile' -d 'With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).' -rfka '(__rolesh_custom_completion ---completion export -- --source (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" session-name' -l 'session-name' -d 'With --role-arn: the role session name (default: as for a profile without one).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" duration' -l 'duration' -d 'With --role-arn: seconds the role\'s credentials last (900 to 43200).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" external-id' -l 'external-id' -d 'With --role-arn: the external id the role\'s trust policy asks for.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" server' -l 'server' -d 'Serve the credentials to the command over the container credential protocol, renewed while it runs, instead of putting keys in its environment.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" region' -l 'region' -d 'Region the command gets (default: the profile\'s region).' -rfka '(__rolesh_custom_completion ---completion exec -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" role-arn' -l 'role-arn' -d 'Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" source source-profile' -l 'source' -l 'source-profile' -d 'With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).' -rfka '(__rolesh_custom_completion ---completion exec -- --source (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" session-name' -l 'session-name' -d 'With --role-arn: the role session name (default: as for a profile without one).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" duration' -l 'duration' -d 'With --role-arn: seconds the role\'s credentials last (900 to 43200).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" external-id' -l 'external-id' -d 'With --role-arn: the external id the role\'s trust policy asks for.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh exec" -eq 1' -fka '(__rolesh_custom_completion ---completion exec -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh whoami" -eq 1' -fka '(__rolesh_custom_completion ---completion whoami -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" json' -l 'json' -d 'Print the identity as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" role-arn' -l 'role-arn' -d 'Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" source source-profile' -l 'source' -l 'source-profile' -d 'With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).' -rfka '(__rolesh_custom_completion ---completion whoami -- --source (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" session-name' -l 'session-name' -d 'With --role-arn: the role session name (default: as for a profile without one).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" duration' -l 'duration' -d 'With --role-arn: seconds the role\'s credentials last (900 to 43200).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" external-id' -l 'external-id' -d 'With --role-arn: the external id the role\'s trust policy asks for.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh explain" -eq 1' -fka '(__rolesh_custom_completion ---completion explain -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" json' -l 'json' -d 'Print the plan as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" role-arn' -l 'role-arn' -d 'Assume this role instead of a profile: its ARN, or ACCOUNT-ID:NAME.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" source source-profile' -l 'source' -l 'source-profile' -d 'With --role-arn: the profile whose credentials assume the role (default: AWS_PROFILE, then AWS_DEFAULT_PROFILE, then default).' -rfka '(__rolesh_custom_completion ---completion explain -- --source (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" session-name' -l 'session-name' -d 'With --role-arn: the role session name (default: as for a profile without one).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" duration' -l 'duration' -d 'With --role-arn: seconds the role\'s credentials last (900 to 43200).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" external-id' -l 'external-id' -d 'With --role-arn: the external id the role\'s trust policy asks for.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh explain" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" long' -l 'long' -d 'Every column at full width: role ARNs, MFA serials, cache expiry times.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" json' -l 'json' -d 'Print the list as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh cache" -eq 1' -fa 'list' -d 'List cache entries and their expiry.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh cache" -eq 1' -fa 'clear' -d 'Delete all cache entries, or only those of PROFILE\'s chain.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache list" json' -l 'json' -d 'Print the list as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache list" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh cache clear" -eq 1' -fka '(__rolesh_custom_completion ---completion cache clear -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache clear" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh cache clear" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh allow" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh allow" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh deny" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh deny" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'login' -d 'Log in (authorization code with PKCE for sso-session profiles, else device code).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'logout' -d 'Log out of every session: invalidate and delete cached tokens and their role credentials.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'populate' -d 'Write a profile for every account and role the session can use into ~/.aws/config.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso login" -eq 1' -fka '(__rolesh_custom_completion ---completion sso login -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" sso-session' -l 'sso-session' -d 'Log in to this sso-session instead of a profile\'s.' -rfka '(__rolesh_custom_completion ---completion sso login -- --sso-session (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" use-device-code' -l 'use-device-code' -d 'Use the device code flow even for an sso-session.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" no-browser' -l 'no-browser' -d 'Print the URL (and code) instead of opening a browser.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso logout" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" sso-session' -l 'sso-session' -d 'The sso-session (default: the current profile\'s).' -rfka '(__rolesh_custom_completion ---completion sso populate -- --sso-session (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" dry-run' -l 'dry-run' -d 'Print the block instead of writing it.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'add' -d 'Store a profile\'s access key (asked on the terminal, secret hidden) and point the profile at it.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'import' -d 'Move long-term keys out of ~/.aws/credentials into the key store (every such profile when none is named).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'list' -d 'List stored keys: profile, store, key id, when added and rotated (never a secret).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'remove' -d 'Delete a profile\'s stored key and rolesh\'s credential_process line (only that line).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'rotate' -d 'Create a new access key, store it, wait until it works, then delete the old one.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys" -eq 1' -fa 'credential-process' -d 'Print credential_process JSON for a stored key: a cached GetSessionToken session, or the key with --no-session.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys add" -eq 1' -fka '(__rolesh_custom_completion ---completion keys add -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys add" env' -l 'env' -d 'Take the key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead of asking.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys add" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys add" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys import" -ge 1' -fka '(__rolesh_custom_completion ---completion keys import -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys import" yes' -l 'yes' -d 'Do not ask before importing every profile.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys import" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys import" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys list" json' -l 'json' -d 'Print the list as JSON.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys list" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys remove" -eq 1' -fka '(__rolesh_custom_completion ---completion keys remove -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys remove" yes' -l 'yes' -d 'Do not ask.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys remove" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys remove" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys rotate" -eq 1' -fka '(__rolesh_custom_completion ---completion keys rotate -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys rotate" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys rotate" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys rotate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh keys credential-process" -eq 1' -fka '(__rolesh_custom_completion ---completion keys credential-process -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys credential-process" no-session' -l 'no-session' -d 'Print the long-term key itself (for tools that must call IAM without MFA).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys credential-process" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh keys credential-process" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh eks" -eq 1' -fa 'token' -d 'Print a Kubernetes ExecCredential with an EKS token (cached for most of its 15 minutes).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh eks" -eq 1' -fa 'kubeconfig' -d 'Write a kubeconfig context for an EKS cluster whose tokens come from rolesh eks token (no profile pinned unless given).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks token" cluster' -l 'cluster' -d 'The EKS cluster\'s name.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh eks token" -eq 1' -fka '(__rolesh_custom_completion ---completion eks token -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks token" role-arn' -l 'role-arn' -d 'Assume this role first.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks token" region' -l 'region' -d 'The region of the STS endpoint (default: the profile\'s, else the environment\'s).' -rfka '(__rolesh_custom_completion ---completion eks token -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks token" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks token" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" cluster' -l 'cluster' -d 'The EKS cluster\'s name.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" region' -l 'region' -d 'The cluster\'s region (default: the profile\'s, else the environment\'s).' -rfka '(__rolesh_custom_completion ---completion eks kubeconfig -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" alias' -l 'alias' -d 'The context\'s name (default: the cluster\'s ARN).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh eks kubeconfig" -eq 1' -fka '(__rolesh_custom_completion ---completion eks kubeconfig -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh eks kubeconfig" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh console" -eq 1' -fka '(__rolesh_custom_completion ---completion console -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" service' -l 'service' -d 'Open this service\'s console (s3, ec2, …) instead of the front page.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" destination' -l 'destination' -d 'Open this console URL (https).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" region' -l 'region' -d 'The console\'s region (default: the profile\'s).' -rfka '(__rolesh_custom_completion ---completion console -- --region (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" duration' -l 'duration' -d 'The console session\'s length in seconds (900–43200; roles assumed directly from keys or a web identity only).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" stdout' -l 'stdout' -d 'Print the sign-in URL on stdout instead of opening a browser (it is a secret for 15 minutes).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh plugins" -eq 1' -fa 'list' -d 'List plugins and the hooks each defines.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh plugins" -eq 1' -fa 'check' -d 'Load every plugin; fail if any cannot be used.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins list" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins check" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh plugins check" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh credential-process" -eq 1' -fka '(__rolesh_custom_completion ---completion credential-process -- positional@0 (count (__rolesh_tokens -pc)) (__rolesh_tokens -tC))'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh credential-process" mfa-code' -l 'mfa-code' -d 'The 6-digit MFA code to use instead of asking on the terminal.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh credential-process" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh credential-process" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh help" version' -l 'version' -d 'Show the version.'
