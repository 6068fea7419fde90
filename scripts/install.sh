#!/bin/sh
# make install / make uninstall, and the layout dist.sh packs:
#   PREFIX/bin/rolesh
#   PREFIX/share/bash-completion/completions/rolesh
#   PREFIX/share/zsh/site-functions/_rolesh
#   PREFIX/share/fish/vendor_completions.d/rolesh.fish
#   PREFIX/share/man/man1/rolesh.1
#   PREFIX/share/doc/rolesh/examples/ (the plugin examples of plugins/, with their README)
# Usage: scripts/install.sh install ROOT BINARY   (ROOT is $(DESTDIR)$(PREFIX))
#        scripts/install.sh uninstall ROOT
set -eu
action="$1"
root="$2"
here="$(cd "$(dirname "$0")" && pwd)"

examples="$(cd "$here/../plugins" && ls README.md *.lua)"
files="bin/rolesh share/bash-completion/completions/rolesh share/zsh/site-functions/_rolesh
share/fish/vendor_completions.d/rolesh.fish share/man/man1/rolesh.1
$(for example in $examples; do printf 'share/doc/rolesh/examples/%s\n' "$example"; done)"

case "$action" in
install)
  binary="$3"
  mkdir -p "$root/bin" "$root/share/bash-completion/completions" "$root/share/zsh/site-functions" \
    "$root/share/fish/vendor_completions.d" "$root/share/man/man1" "$root/share/doc/rolesh/examples"
  install -m 0755 "$binary" "$root/bin/rolesh"
  # Completions and the man page come from the binary's own command definitions.
  "$binary" init bash --completions-only >"$root/share/bash-completion/completions/rolesh"
  "$binary" init zsh --completions-only >"$root/share/zsh/site-functions/_rolesh"
  "$binary" init fish --completions-only >"$root/share/fish/vendor_completions.d/rolesh.fish"
  python3 "$here/manpage.py" "$binary" "$root/share/man/man1/rolesh.1"
  # The working plugin examples the README points to.
  for example in $examples; do install -m 0644 "$here/../plugins/$example" "$root/share/doc/rolesh/examples/$example"; done
  chmod 0644 "$root/share/bash-completion/completions/rolesh" "$root/share/zsh/site-functions/_rolesh" \
    "$root/share/fish/vendor_completions.d/rolesh.fish" "$root/share/man/man1/rolesh.1"
  echo "installed rolesh into $root"
  ;;
uninstall)
  for file in $files; do rm -f "$root/$file"; done
  # Folders left empty go too, up to (not including) the prefix.
  for file in $files; do
    dir="$(dirname "$root/$file")"
    while [ "$dir" != "$root" ] && [ -d "$dir" ] && rmdir "$dir" 2>/dev/null; do dir="$(dirname "$dir")"; done
  done
  echo "removed rolesh from $root"
  ;;
*)
  echo "usage: $0 install ROOT BINARY | uninstall ROOT" >&2
  exit 64
  ;;
esac
