#!/usr/bin/env bash
# One command for the scale benchmark with its peers: installs
# check-jsonschema and PyYAML (with its C loader) into target/bench-venv,
# builds the release binary and runs `cargo bench --bench scale`.
#   bash benches/peers.sh            # every size (10 to 6,250 team files)
#   OKR_BENCH_SIZES=10,100 bash benches/peers.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
venv=target/bench-venv
if [ ! -x "$venv/bin/check-jsonschema" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check check-jsonschema pyyaml
fi
export PATH="$PWD/$venv/bin:$PATH"
cargo build --release --locked
cargo bench --locked --bench scale
