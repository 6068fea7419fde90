# rolesh shell integration for fish. Load it with:  rolesh init fish | source
#
# It defines `rolesh` (a function that applies what `rolesh use` / `rolesh unset` print) and
# hooks on fish_prompt and PWD changes that follow `.awsrole` files and refresh keys before
# they expire. Steady state spawns no process: fish has no $EPOCHSECONDS, so the current time
# is read from the stamp file's age with the `path mtime` builtin (fish 3.5+).

set -g __rolesh_bin @ROLESH_BIN@
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
