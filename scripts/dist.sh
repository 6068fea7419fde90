#!/bin/sh
# make dist: release artifacts in dist/, reproducible from a clean checkout (file times are the
# commit's, owners root, archive order sorted, gzip without names or times).
#   rolesh-VERSION-linux-ARCH.tar.gz (+ .sha256): bin/, share/ (completions, man page, plugin
#     examples), README.md, NOTICES, UNINSTALL
#   rolesh_VERSION_DEBARCH.deb (+ .sha256), Depends computed from the binary
# Usage: scripts/dist.sh RELEASE_BINARY VERSION
set -eu
binary="$1"
version="$2"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
dist="$root/dist"
arch="$(uname -m)"
debarch="$(dpkg --print-architecture)"
SOURCE_DATE_EPOCH="$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)"
export SOURCE_DATE_EPOCH

# The binary must be what the README promises: no Swift libraries needed, no search path into
# build folders, no debug sections.
needed="$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')"
if printf '%s\n' "$needed" | grep -Eq '^lib(swift|Foundation|dispatch|BlocksRuntime)'; then
  echo "dist: $binary needs Swift runtime libraries: $needed" >&2; exit 1
fi
if readelf -d "$binary" | grep -Eq '\((RUNPATH|RPATH)\)'; then echo "dist: $binary has a RUNPATH" >&2; exit 1; fi
if readelf -S "$binary" | grep -Eq '\.debug_|\.symtab'; then echo "dist: $binary is not stripped" >&2; exit 1; fi

# The C++ runtime only if the binary still loads it (release builds link it in statically).
cxx_depends=""
if printf '%s\n' "$needed" | grep -qx 'libgcc_s.so.1'; then cxx_depends="$cxx_depends, libgcc-s1"; fi
if printf '%s\n' "$needed" | grep -qx 'libstdc++.so.6'; then cxx_depends="$cxx_depends, libstdc++6"; fi

# libc6 (>= the highest GLIBC_ symbol version the binary asks for).
glibc="$(readelf -V "$binary" | sed -n 's/.*Name: GLIBC_\([0-9.]*\).*/\1/p' | sort -V | tail -1)"

rm -rf "$dist"
mkdir -p "$dist"
stage="$dist/rolesh-$version-linux-$arch"
"$here/install.sh" install "$stage" "$binary" >/dev/null
cp "$root/README.md" "$stage/README.md"
{
  echo "rolesh $version includes, statically linked or as headers:"
  echo
  echo "== The Swift standard library and runtime (Apache License 2.0 with Runtime Library Exception) =="
  cat "$(dirname "$(command -v swift)")/../share/swift/LICENSE.txt" 2>/dev/null || echo "https://swift.org/LICENSE.txt"
  echo
  echo "== swift-argument-parser (Apache License 2.0) =="
  cat "$root/.build/checkouts/swift-argument-parser/LICENSE.txt" 2>/dev/null || echo "https://github.com/apple/swift-argument-parser"
  echo
  if ! printf '%s\n' "$needed" | grep -qx 'libstdc++.so.6'; then
    echo "== The GNU C++ runtime, libstdc++ and libgcc (GPL 3 with the GCC Runtime Library Exception 3.1) =="
    echo "Linked in statically, as the exception permits: https://www.gnu.org/licenses/gcc-exception-3.1.html"
    echo
  fi
  echo "== Lua 5.4 headers (MIT) =="
  cat "$root/Sources/CLua/vendor/lua5.4/LICENSE"
  echo
  echo "At run time rolesh opens libcurl (curl licence) and liblua 5.4 (MIT) from the system."
} >"$stage/NOTICES"
# What the tarball puts where, so that it can be taken out again.
{
  echo "rolesh $version: to install, copy bin/ and share/ into a prefix (/usr/local, say):"
  echo "  sudo cp -r bin share /usr/local/"
  echo "To uninstall from that prefix, remove exactly these files:"
  (cd "$stage" && find bin share -type f | sort | sed 's|^|  sudo rm -f /usr/local/|')
  echo "  sudo rmdir /usr/local/share/doc/rolesh/examples /usr/local/share/doc/rolesh 2>/dev/null"
} >"$stage/UNINSTALL"
find "$stage" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
tarball="rolesh-$version-linux-$arch.tar.gz"
(cd "$dist" && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  -cf - "rolesh-$version-linux-$arch" | gzip -9n >"$tarball")

# The Debian package: Debian's paths, the man page compressed, the notices as copyright.
package="$dist/deb"
mkdir -p "$package/DEBIAN" "$package/usr/bin" "$package/usr/share/bash-completion/completions" \
  "$package/usr/share/zsh/vendor-completions" "$package/usr/share/fish/vendor_completions.d" \
  "$package/usr/share/man/man1" "$package/usr/share/doc/rolesh/examples"
cp "$stage/bin/rolesh" "$package/usr/bin/rolesh"
cp "$stage/share/bash-completion/completions/rolesh" "$package/usr/share/bash-completion/completions/rolesh"
cp "$stage/share/zsh/site-functions/_rolesh" "$package/usr/share/zsh/vendor-completions/_rolesh"
cp "$stage/share/fish/vendor_completions.d/rolesh.fish" "$package/usr/share/fish/vendor_completions.d/rolesh.fish"
gzip -9n <"$stage/share/man/man1/rolesh.1" >"$package/usr/share/man/man1/rolesh.1.gz"
cp "$stage/share/doc/rolesh/examples/"* "$package/usr/share/doc/rolesh/examples/"
gzip -9n <"$root/README.md" >"$package/usr/share/doc/rolesh/README.md.gz"
# Debian's machine-readable copyright (DEP-5), the notices as its licence texts.
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: rolesh"
  echo
  echo "Files: *"
  echo "Copyright: rolesh maintainers"
  echo "License: Apache-2.0"
  echo
  echo "Files: usr/bin/rolesh"
  echo "Copyright: rolesh maintainers; Apple Inc. and the Swift project authors; Free Software Foundation, Inc.; Lua.org, PUC-Rio"
  echo "License: Apache-2.0 and Apache-2.0 with Swift Runtime Library Exception and GPL-3+ with GCC Runtime Library Exception and MIT"
  echo "Comment: the Swift runtime, swift-argument-parser and the GNU C++ runtime are linked in; Lua's headers are used."
  echo " The licence texts follow."
  echo
  echo "License: Apache-2.0"
  echo " On Debian systems the full text is in /usr/share/common-licenses/Apache-2.0."
  echo
  echo "License: MIT"
  sed 's/^/ /; s/^ $/ ./' "$root/Sources/CLua/vendor/lua5.4/LICENSE"
  echo
  echo "Comment: full notices"
  sed 's/^/ /; s/^ $/ ./' "$stage/NOTICES"
} >"$package/usr/share/doc/rolesh/copyright"
# A Debian changelog entry for this version (dates from the commit, for reproducibility).
{
  echo "rolesh ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version, built from $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo "a source tarball")."
  echo
  echo " -- rolesh maintainers <maintainers@rolesh.invalid>  $(date -u -R -d "@$SOURCE_DATE_EPOCH")"
} | gzip -9n >"$package/usr/share/doc/rolesh/changelog.Debian.gz"
size="$(du -sk "$package/usr" | cut -f1)"
cat >"$package/DEBIAN/control" <<CONTROL
Package: rolesh
Version: $version
Architecture: $debarch
Maintainer: rolesh maintainers <maintainers@rolesh.invalid>
Installed-Size: $size
Depends: libc6 (>= $glibc)${cxx_depends}, libcurl4
Recommends: liblua5.4-0, libsecret-1-0
Suggests: pass, gnome-keyring
Section: utils
Priority: optional
Homepage: https://github.com/rolesh/rolesh
Description: shell-integrated AWS identity switcher
 rolesh resolves AWS credentials exactly as the AWS CLI does (IAM Identity
 Center, role chains, MFA, web identity, credential_process), shares the AWS
 CLI's caches, and switches bash, zsh and fish between identities on demand
 or per directory.
CONTROL
# md5sums of every file, as dpkg --verify reads them.
(cd "$package" && find usr -type f | sort | xargs md5sum >DEBIAN/md5sums)
find "$package" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
chmod -R u=rwX,go=rX "$package"
dpkg-deb --root-owner-group -Zxz --build "$package" "$dist/rolesh_${version}_$debarch.deb" >/dev/null
rm -rf "$package"

(cd "$dist" && sha256sum "$tarball" >"$tarball.sha256" && sha256sum "rolesh_${version}_$debarch.deb" >"rolesh_${version}_$debarch.deb.sha256")
rm -rf "$stage"
ls -1 "$dist"
