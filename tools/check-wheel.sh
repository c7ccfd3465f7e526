#!/usr/bin/env bash
# Builds ecograph's wheel, installs it (and its declared dependencies, at the locked versions)
# into a fresh venv outside the checkout, and uses it from there: ingest, the query registry, and
# the app's health endpoint. usage: tools/check-wheel.sh .venv/bin
set -euo pipefail
bin=$(readlink -f "${1:-.venv/bin}")
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap '[ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null; rm -rf "$work"' EXIT

# sdist first, then the wheel from the sdist (as a package index would): also checks the sdist is whole
"$bin/uv" build --quiet --out-dir "$work/dist" "$repo"
wheel=$(ls "$work"/dist/ecograph-*.whl)
echo "built $(basename "$wheel")"
"$bin/uv" venv --quiet --python "$bin/python" "$work/venv"
"$bin/uv" pip install --quiet --python "$work/venv/bin/python" -c "$repo/requirements.txt" "$wheel"

cd "$work"  # nothing of the checkout is importable from here
export ECOGRAPH_CORPUS="$work/data/corpus.sqlite" ECOGRAPH_GRAPH="falkordb://$work/data/graph.db"
"$work/venv/bin/python" -c 'import ecograph.graph, ecograph.ingest, ecograph.ui, sys; assert "site-packages" in ecograph.graph.__file__, ecograph.graph.__file__'
"$work/venv/bin/ecograph" ingest "$repo/examples/articles"
"$work/venv/bin/ecograph" query --list >"$work/queries.txt"
echo "query --list: $(grep -c '' "$work/queries.txt") lines"
grep -q park_companies "$work/queries.txt"
port=$("$work/venv/bin/python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/venv/bin/ecograph" app --port "$port" >"$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  if curl -fsS http://localhost:$port/_stcore/health >/dev/null 2>&1; then
    echo "app health: $(curl -fsS http://localhost:$port/_stcore/health)"
    # The installed entry script renders its default page (the overview) without an exception.
    "$work/venv/bin/python" - <<'PY'
from streamlit.testing.v1 import AppTest
from ecograph.ui import main
at = AppTest.from_file(main.__file__, default_timeout=60).run()
assert not at.exception, [e.message for e in at.exception]
print("overview page rendered from the wheel:", len(at.metric), "metrics")
PY
    echo "wheel check passed"
    exit 0
  fi
  sleep 1
done
echo "error: the app installed from the wheel did not answer /_stcore/health in 120 s" >&2
cat "$work/app.log" >&2
exit 1
