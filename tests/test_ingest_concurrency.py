"""Ingests that run at the same time, or are killed midway, leave corpus and graph complete."""
from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

ARTICLE = "{n}号园区新闻\n北京{brand}医疗科技有限公司正式入驻中关村医疗器械园，专注于医学影像领域。\n"
BRAND_CHARS = "瑞康泽衡润航泰博"


def brand(n: int) -> str:
    """A distinct invented brand per article number (names hold no digits)."""
    return BRAND_CHARS[n // 64 % 8] + BRAND_CHARS[n // 8 % 8] + BRAND_CHARS[n % 8]


def write_articles(folder: Path, first: int, count: int) -> Path:
    folder.mkdir()
    for n in range(first, first + count):
        (folder / f"a{n}.txt").write_text(ARTICLE.format(n=n, brand=brand(n)), encoding="utf-8")
    return folder


def ecograph(tmp_path: Path, *args: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "ECOGRAPH_CORPUS": str(tmp_path / "c.sqlite"),
           "ECOGRAPH_GRAPH": f"falkordb://{tmp_path / 'g.db'}"}
    return subprocess.Popen([sys.executable, "-m", "ecograph.cli", *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kwargs)


def stats(tmp_path: Path) -> dict:
    proc = ecograph(tmp_path, "stats", "--json")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    return json.loads(out)


def clean_run(base: Path, *folders: Path) -> dict:
    """Stats of the same folders ingested one after the other, undisturbed."""
    base.mkdir()
    proc = ecograph(base, "ingest", *map(str, folders))
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    return stats(base)


def test_two_concurrent_ingests_lose_nothing(tmp_path):
    one = write_articles(tmp_path / "one", 0, 6)
    two = write_articles(tmp_path / "two", 100, 6)
    procs = [ecograph(tmp_path, "ingest", str(one)), ecograph(tmp_path, "ingest", str(two))]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    result = stats(tmp_path)
    assert result["articles"] == 12
    assert result == clean_run(tmp_path / "clean", one, two)
    assert result["nodes"]["Company"] >= 10


def test_killed_ingest_is_completed_by_the_next_run(tmp_path):
    folder = write_articles(tmp_path / "many", 0, 40)
    proc = ecograph(tmp_path, "ingest", str(folder), start_new_session=True)
    time.sleep(4)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    again = ecograph(tmp_path, "ingest", str(folder))
    _, err = again.communicate(timeout=300)
    assert again.returncode == 0, err
    result = stats(tmp_path)
    assert result["articles"] == 40
    assert result == clean_run(tmp_path / "clean", folder)


def test_two_ingests_of_the_same_articles_count_each_once(tmp_path):
    folder = write_articles(tmp_path / "same", 0, 30)
    procs = [ecograph(tmp_path, "ingest", str(folder)) for _ in range(2)]
    outputs = [proc.communicate(timeout=300) for proc in procs]
    assert [proc.returncode for proc in procs] == [0, 0], [err for _, err in outputs]
    counts = [re.search(r"(\d+) new, (\d+) updated, (\d+) unchanged", out).groups() for out, _ in outputs]
    assert sum(int(new) for new, _, _ in counts) == 30  # each article new to exactly one of them
    assert all(int(new) + int(unchanged) == 30 and updated == "0" for new, updated, unchanged in counts)
    assert stats(tmp_path)["articles"] == 30
