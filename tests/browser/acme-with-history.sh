#!/usr/bin/env bash
# Makes DIR a git repository of examples/acme with a short history (fixed
# authors and dates), so the browser checks see the trends page with data
# whether or not the project itself was cloned with its history.
set -euo pipefail
dir="$1"
rm -rf "$dir"
mkdir -p "$dir"
cp -R "$(dirname "${BASH_SOURCE[0]}")/../../examples/acme/." "$dir"
cd "$dir"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null
commit() { # date author message
  GIT_AUTHOR_DATE="$1T10:00:00+01:00" GIT_COMMITTER_DATE="$1T10:00:00+01:00" \
    git -c user.name="$2" -c user.email=okr@example.com -c commit.gpgsign=false commit -q -a -m "$3"
}
git -c init.defaultBranch=main init -q
git add -A
commit 2026-10-02 "Maria Keller" "Q4 OKRs"
sed -i 's/target: 99.5/target: 99/' okrs/2026-Q4/platform.yaml
commit 2026-11-10 "Alice Schmidt" "Lower the deploy target"
sed -i 's/value: 97.2, confidence: 0.8 }/value: 97.2, confidence: 0.8 }\n          - { date: 2026-11-24, value: 98.1, confidence: 0.8 }/' okrs/2026-Q4/platform.yaml
commit 2026-11-24 "Bob Martens" "Deploy check-in"
