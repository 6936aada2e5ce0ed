#!/bin/sh
# Prints the CHANGELOG section of one version, the release notes of its tag:
#   sh scripts/release-notes.sh 0.2.0 [CHANGELOG.md]
# The section is the one whose `## ` heading names the version (`## [0.2.0]`,
# `## [Unreleased] — 0.2.0`), up to the next `## ` heading. Exit 1 when there
# is none: a release without notes is a mistake.
set -eu
version="${1:?usage: release-notes.sh VERSION [CHANGELOG]}"
version="${version#v}"
changelog="${2:-CHANGELOG.md}"
awk -v version="$version" '
  /^## / {
    if (inside) exit
    heading = $0
    if (index(heading, "[" version "]") || heading ~ ("[ —-]" version "$")) { inside = 1; found = 1; next }
  }
  inside { print }
  END { if (!found) exit 1 }
' "$changelog" || { echo "release-notes: no section for $version in $changelog" >&2; exit 1; }
