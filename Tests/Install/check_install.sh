#!/usr/bin/env bash
# Checks `make install`: installs into a temporary PREFIX, then checks that the installed
# binary needs no Swift library (ldd lists no libswift*, no Foundation, nothing under the
# toolchain), runs it with the toolchain hidden (a private mount namespace with a tmpfs over
# the toolchain's folder, where this machine allows one; otherwise with an empty
# environment), compares its Japan plan with the development build's, byte for byte, and
# checks the shell completions it installed.
#
#     Tests/Install/check_install.sh [PREFIX]      # default: a fresh temporary folder
set -euo pipefail
cd "$(dirname "$0")/../.."

prefix=${1:-$(mktemp -d /tmp/stockpile-install.XXXXXX)}
scratch=$(mktemp -d /tmp/stockpile-install-check.XXXXXX)
trap 'rm -rf "$scratch"; [ -n "${1:-}" ] || rm -rf "$prefix"' EXIT

make --no-print-directory install PREFIX="$prefix" >/dev/null
binary="$prefix/bin/stockpile"
[ -x "$binary" ] || { echo "FAIL: $binary is not installed"; exit 1; }

# Libraries: the C library and its kin, C++'s runtime (which every Debian system has), zlib,
# GLPK and what GLPK itself links; nothing of Swift's.
swift_lib=$(dirname "$(dirname "$(readlink -f "$(command -v swift)")")")
libraries=$(ldd "$binary")
echo "$libraries" | sed 's/^/  ldd: /'
if echo "$libraries" | grep -E -i "libswift|libFoundation|libdispatch|libBlocksRuntime|libicu|libxml2|libcurl|not found|$swift_lib"; then
    echo "FAIL: the installed binary needs a library of the Swift toolchain (above)"
    exit 1
fi
allowed='linux-vdso|ld-linux|libc\.so|libm\.so|libpthread|libdl\.so|librt\.so|libstdc\+\+|libgcc_s|libz\.so|libglpk|libcolamd|libamd|libltdl|libgmp|libsuitesparseconfig'
if echo "$libraries" | grep -v -E "$allowed"; then
    echo "FAIL: the installed binary needs a library outside the C library, C++'s runtime, zlib and GLPK (above)"
    exit 1
fi

# The plan it makes, with the toolchain out of sight, is the development build's.
swift build -c release --product stockpile >/dev/null
.build/release/stockpile plan Models/japan-critical-minerals.yaml --format json --output "$scratch/expected.json"
run_hidden=(env -i PATH=/usr/bin:/bin "$binary" plan Models/japan-critical-minerals.yaml --format json --output "$scratch/installed.json")
toolchain=$(dirname "$swift_lib")
if unshare -m true 2>/dev/null; then
    unshare -m sh -c 'mount -t tmpfs none "$1" && shift && "$@"' sh "$toolchain" "${run_hidden[@]}"
    echo "  ran with $toolchain hidden (a tmpfs over it in a private mount namespace)"
else
    "${run_hidden[@]}"
    echo "  could not hide $toolchain here (no mount namespace): ran with an empty environment instead"
fi
cmp "$scratch/expected.json" "$scratch/installed.json" || { echo "FAIL: the installed binary plans differently"; exit 1; }

# Completions: present and valid for their shells.
bash -n "$prefix/share/bash-completion/completions/stockpile"
grep -q "_stockpile" "$prefix/share/zsh/site-functions/_stockpile"
grep -q "complete -c 'stockpile'" "$prefix/share/fish/vendor_completions.d/stockpile.fish"
echo "install check passed: $(du -h "$binary" | cut -f1) binary, Japan plan identical, completions for bash, zsh and fish"
