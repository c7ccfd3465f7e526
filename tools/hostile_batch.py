"""Issue 14's experiment, re-run: each hostile input ingested with 15 good articles, by the CLI.

For every input of tests/hostile.py (72, special files included), in a folder of its own:
`ecograph ingest` on the 15 good articles and the input, in a process of its own, on a fresh
corpus and embedded graph; then the corpus and the graph are read back. An input is

  clean    the command exits 0 or 2, prints no traceback, and says at most one line of it;
  crashed  anything else (another exit code, a traceback, more lines, a hang past --timeout);
  lost     a good article is missing from the corpus or from the graph afterwards.

Also prints, with --kill N, N runs of a 200-file ingest killed with SIGKILL at a random moment
and run again, each compared with the undisturbed result (stats --json, byte for byte).

    python tools/hostile_batch.py [--timeout 300] [--kill 20] [--files 200] [--only NAME]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.hostile import SPECIAL, hostile_inputs, write_hostile  # noqa: E402

GOOD = "{n}号园区新闻\n北京{brand}医疗科技有限公司正式入驻中关村医疗器械园，专注于医学影像领域。\n"
BRANDS = "瑞康泽衡润航泰博"


def brand(n: int) -> str:
    return BRANDS[n // 64 % 8] + BRANDS[n // 8 % 8] + BRANDS[n % 8]


def write_good(folder: Path, count: int) -> list[Path]:
    folder.mkdir(parents=True)
    paths = []
    for n in range(count):
        path = folder / f"good{n:03}.txt"
        path.write_text(GOOD.format(n=n, brand=brand(n)), encoding="utf-8")
        paths.append(path)
    return paths


def ecograph(base: Path, *args: str, **options) -> subprocess.Popen:
    env = {**os.environ, "ECOGRAPH_CORPUS": str(base / "c.sqlite"), "ECOGRAPH_GRAPH": f"falkordb://{base / 'g.db'}",
           "CI": "true"}
    return subprocess.Popen([sys.executable, "-m", "ecograph.cli", *args], env=env, cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **options)


def landed(base: Path, good: list[Path]) -> tuple[set[str], set[str]]:
    """The good articles' paths found in the corpus and in the graph."""
    wanted = {str(path) for path in good}
    with sqlite3.connect(base / "c.sqlite") as db:
        corpus = {row[0] for row in db.execute("SELECT source FROM articles")} & wanted
    proc = ecograph(base, "cypher", "MATCH (a:Article) RETURN a.source AS source", "--json")
    out, _ = proc.communicate(timeout=120)
    graph = {json.loads(line)["source"] for line in out.splitlines()} & wanted
    return corpus, graph


def one_input(name: str, timeout: float) -> dict:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        batch = base / "batch"
        good = write_good(batch, 15)
        write_hostile(batch, large=True, only=name)  # the input alone beside the good articles
        proc = ecograph(base, "ingest", str(batch), start_new_session=True)
        started = time.monotonic()
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"name": name, "outcome": "crashed", "why": f"no end in {timeout:g} s", "lost": True}
        seconds = time.monotonic() - started
        lines = [line for line in err.splitlines() if line.strip()]
        about_it = [line for line in lines if name in line]
        crashed = proc.returncode not in (0, 2) or "Traceback" in err or len(about_it) > 1 \
            or len(lines) > len(about_it)
        try:
            corpus, graph = landed(base, good)
        except (sqlite3.Error, OSError, subprocess.TimeoutExpired, json.JSONDecodeError):
            corpus, graph = set(), set()
        lost = len(corpus) < len(good) or len(graph) < len(good)
        return {"name": name, "outcome": "crashed" if crashed or lost else "clean", "exit": proc.returncode,
                "seconds": round(seconds, 1), "said": about_it[0] if about_it else "(read, no problem)",
                "lost": lost}


def kill_runs(runs: int, files: int, timeout: float) -> list[bool]:
    """Each run: ingest `files` files, SIGKILL it at a random moment, ingest again; consistent
    when stats --json then equals the undisturbed run's, byte for byte."""
    rng = random.Random(14)
    with tempfile.TemporaryDirectory() as folder:
        articles = Path(folder) / "articles"
        write_good(articles, files)
        reference = Path(folder) / "reference"
        reference.mkdir()
        proc = ecograph(reference, "ingest", str(articles))
        started = time.monotonic()
        proc.communicate(timeout=timeout)
        whole = time.monotonic() - started
        expected = ecograph(reference, "stats", "--json").communicate(timeout=120)[0]
        results = []
        for run in range(runs):
            base = Path(folder) / f"run{run}"
            base.mkdir()
            proc = ecograph(base, "ingest", str(articles), start_new_session=True)
            time.sleep(rng.uniform(0.5, whole))
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            again = ecograph(base, "ingest", str(articles))
            again.communicate(timeout=timeout)
            results.append(again.returncode == 0 and ecograph(base, "stats", "--json").communicate(timeout=120)[0] == expected)
            print(f"  kill run {run + 1}: {'consistent' if results[-1] else 'INCONSISTENT'}", flush=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=300)
    parser.add_argument("--kill", type=int, default=0, help="kill -9 runs to make (0: none)")
    parser.add_argument("--files", type=int, default=200, help="files in each kill -9 run")
    parser.add_argument("--only", help="one input, by name")
    args = parser.parse_args()
    names = [name for name, _ in hostile_inputs()] + list(SPECIAL)
    results = []
    for name in ([args.only] if args.only else names):
        result = one_input(name, args.timeout)
        results.append(result)
        print(f"{result['outcome']:8} {name:32} exit {result.get('exit')} {result.get('seconds', '-')} s  "
              f"{result.get('said', result.get('why'))}", flush=True)
    clean = sum(r["outcome"] == "clean" for r in results)
    lost = sum(r["lost"] for r in results)
    print(f"\ninputs tried {len(results)} / clean {clean} / crashed {len(results) - clean} / data lost {lost}")
    if args.kill:
        consistent = kill_runs(args.kill, args.files, args.timeout)
        print(f"kill -9 runs {len(consistent)} / consistent {sum(consistent)}")


if __name__ == "__main__":
    main()
