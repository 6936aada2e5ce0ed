#!/bin/sh
# Installs a prebuilt okr: picks the archive for this OS and architecture,
# downloads it and the release's SHA256SUMS, verifies the archive's SHA-256
# (a mismatch installs nothing) and puts `okr` into a folder.
#
#   curl -fsSL https://github.com/OWNER/okr/releases/latest/download/install.sh | sh
#   sh install.sh --version v0.2.0 --to ~/.local/bin
#   sh install.sh --base-url https://mirror.example.com/okr/v0.2.0
#
# Options (or environment variables):
#   --repository OWNER/NAME  (OKR_REPOSITORY) the GitHub repository whose releases to use;
#                            the copy attached to a release knows its own
#   --version TAG            (OKR_VERSION)    a release tag such as v0.2.0 [default: the latest]
#   --base-url URL           (OKR_BASE_URL)   where the archives and SHA256SUMS are, for
#                                             mirrors and tests; wins over --repository/--version
#   --to DIR                 (OKR_INSTALL_DIR) the folder to put okr in [default: ~/.local/bin]
#
# Needs: curl or wget, tar, and sha256sum or shasum. POSIX sh; no root.
set -eu

# Filled in by the release workflow in the copy attached to each release.
DEFAULT_REPOSITORY=""

repository="${OKR_REPOSITORY:-$DEFAULT_REPOSITORY}"
version="${OKR_VERSION:-latest}"
base_url="${OKR_BASE_URL:-}"
to="${OKR_INSTALL_DIR:-${HOME:-.}/.local/bin}"

say() { printf '%s\n' "okr install: $*" >&2; }
fail() { say "error: $*"; exit 1; }

while [ $# -gt 0 ]; do
  case "$1" in
    --repository) [ $# -ge 2 ] || fail "--repository needs OWNER/NAME"; repository="$2"; shift 2 ;;
    --version) [ $# -ge 2 ] || fail "--version needs a tag, e.g. v0.2.0"; version="$2"; shift 2 ;;
    --base-url) [ $# -ge 2 ] || fail "--base-url needs a URL"; base_url="$2"; shift 2 ;;
    --to) [ $# -ge 2 ] || fail "--to needs a folder"; to="$2"; shift 2 ;;
    -h|--help) sed -n '2,18p' "$0" 2>/dev/null || true; exit 0 ;;
    *) fail "unknown option $1 (see --help)" ;;
  esac
done

# The target triple of this machine, as the release names its archives.
# OKR_INSTALL_OS and OKR_INSTALL_ARCH stand in for uname (tests).
os="${OKR_INSTALL_OS:-$(uname -s)}"
arch="${OKR_INSTALL_ARCH:-$(uname -m)}"
case "$arch" in
  x86_64|amd64) arch=x86_64 ;;
  aarch64|arm64) arch=aarch64 ;;
  *) fail "no prebuilt okr for the architecture $arch: build it with \`cargo install --locked okr\` (see the README's Install section)" ;;
esac
case "$os" in
  Linux) target="$arch-unknown-linux-musl"; ext=tar.gz ;;
  Darwin) target="$arch-apple-darwin"; ext=tar.gz ;;
  MINGW*|MSYS*|CYGWIN*|Windows_NT)
    [ "$arch" = x86_64 ] || fail "no prebuilt okr for Windows on $arch: build it with \`cargo install --locked okr\`"
    target="x86_64-pc-windows-msvc"; ext=zip ;;
  *) fail "no prebuilt okr for the system $os: build it with \`cargo install --locked okr\` (see the README's Install section)" ;;
esac
archive="okr-$target.$ext"

if [ -z "$base_url" ]; then
  [ -n "$repository" ] || fail "give --repository OWNER/NAME (the GitHub repository of okr) or --base-url URL"
  case "$repository" in
    */*) ;;
    *) fail "--repository is OWNER/NAME, e.g. acme/okr; got $repository" ;;
  esac
  if [ "$version" = latest ]; then
    base_url="https://github.com/$repository/releases/latest/download"
  else
    base_url="https://github.com/$repository/releases/download/$version"
  fi
fi
base_url="${base_url%/}"

download() { # URL FILE
  if command -v curl >/dev/null 2>&1; then
    curl --proto '=https,http' --fail --silent --show-error --location --retry 3 --output "$2" "$1"
  elif command -v wget >/dev/null 2>&1; then
    wget --quiet --output-document="$2" "$1"
  else
    fail "neither curl nor wget is installed"
  fi
}

sha256() { # FILE
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  elif command -v shasum >/dev/null 2>&1; then
    shasum -a 256 "$1" | cut -d ' ' -f 1
  else
    fail "neither sha256sum nor shasum is installed: cannot verify the download"
  fi
}

work="$(mktemp -d 2>/dev/null || mktemp -d -t okr-install)"
trap 'rm -rf "$work"' EXIT INT TERM

say "downloading $archive from $base_url"
download "$base_url/SHA256SUMS" "$work/SHA256SUMS" || fail "cannot download $base_url/SHA256SUMS"
download "$base_url/$archive" "$work/$archive" || fail "cannot download $base_url/$archive"

expected="$(awk -v name="$archive" '$2 == name || $2 == "*" name { print $1; exit }' "$work/SHA256SUMS")"
[ -n "$expected" ] || fail "SHA256SUMS has no line for $archive: nothing installed"
actual="$(sha256 "$work/$archive")"
if [ "$actual" != "$expected" ]; then
  fail "$archive has SHA-256 $actual, but SHA256SUMS says $expected: the download is damaged or was tampered with; nothing installed"
fi

mkdir -p "$work/unpacked"
case "$ext" in
  tar.gz) tar -xzf "$work/$archive" -C "$work/unpacked" ;;
  zip) command -v unzip >/dev/null 2>&1 || fail "unzip is needed for the Windows archive"; unzip -q "$work/$archive" -d "$work/unpacked" ;;
esac
binary="$work/unpacked/okr-$target/okr"
[ "$ext" = zip ] && binary="$binary.exe"
[ -f "$binary" ] || fail "$archive does not hold okr-$target/okr: nothing installed"

mkdir -p "$to"
name="okr"
[ "$ext" = zip ] && name="okr.exe"
# Into the folder under a temporary name, then renamed: a running okr is
# never overwritten in place, and a failed copy leaves the old one.
cp "$binary" "$to/.$name.new.$$"
chmod 755 "$to/.$name.new.$$"
mv -f "$to/.$name.new.$$" "$to/$name"
say "installed $("$to/$name" --version 2>/dev/null || echo okr) into $to"
case ":${PATH:-}:" in
  *":$to:"*) ;;
  *) say "$to is not on your PATH: add it, e.g. export PATH=\"$to:\$PATH\"" ;;
esac
