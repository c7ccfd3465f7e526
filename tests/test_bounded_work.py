"""Bounded work: extraction time grows linearly with an article's length, and the app stops an
article's extraction past its time budget with one bilingual line, previewing the others."""
from __future__ import annotations

import math
import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

from ecograph.ingest.pipeline import extract, extract_within
from ecograph.ingest.sources import read_text
from tests.hostile import GOOD, _brand, enumeration

APP = str(Path(__file__).resolve().parents[1] / "app.py")
SIZES = (10_000, 30_000, 100_000)


def long_enumeration(chars: int) -> str:
    """"A、B、…等N家企业" of invented firms, at least `chars` characters long."""
    n = max(1, chars // 6)
    while len(enumeration(n)) < chars:
        n += max(1, n // 50)
    return enumeration(n)


def long_report(chars: int) -> str:
    """An article of many ordinary sentences (firms, parks, people, deals), `chars` long or more."""
    lines, length, i = [], 0, 0
    while length < chars:
        b = _brand(i)
        line = f"上海{b}医疗科技有限公司落户滨江医疗器械园，{b}医疗董事长王{b}表示，公司获得北辰{b}资本领投的亿元A轮融资。\n"
        lines.append(line)
        length += len(line)
        i += 1
    return "".join(lines)


def cpu_seconds(text: str) -> float:
    """CPU time of one extraction (not wall time: other work on the machine does not count)."""
    article = read_text("标题\n" + text)
    start = time.process_time()
    extract(article)
    return time.process_time() - start


def growth(make) -> dict[int, float]:
    cpu_seconds(make(1_000))  # the pipeline loaded
    times = {size: cpu_seconds(make(size)) for size in SIZES}
    times[SIZES[0]] = min(times[SIZES[0]], cpu_seconds(make(SIZES[0])))  # the shortest is the noisiest
    return times


def exponent(times: dict[int, float]) -> float:
    """The slope of log(time) against log(size), least squares."""
    xs, ys = [math.log(s) for s in times], [math.log(t) for t in times.values()]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


def test_extraction_grows_linearly_with_the_length_of_an_enumeration_and_of_a_long_report():
    # ten times the text: about ten times the work when linear, a hundred times when quadratic
    # (before: 9 s at 10k characters, 367 s at 100k). 30 leaves room for a loaded machine.
    for make in (long_enumeration, long_report):
        times = growth(make)
        ratio = times[100_000] / times[10_000]
        shown = ", ".join(f"{size:,}: {t:.2f} s" for size, t in times.items())
        assert ratio < 30, f"{make.__name__}: time(100k)/time(10k) = {ratio:.1f} ({shown})"
        assert exponent(times) < 1.5, f"{make.__name__}: time grows as size^{exponent(times):.2f} ({shown})"


def test_an_article_past_its_time_budget_is_stopped_and_the_others_are_extracted():
    slow = read_text("标题\n" + long_enumeration(100_000), source="slow.txt")
    good = read_text("标题\n" + GOOD, source="good.txt")
    done, stopped = extract_within([slow, good], seconds=2)
    assert [e.article.source for e in done] == ["good.txt"]
    assert "北京衡知医疗科技有限公司" in {e.name for e in done[0].entities}
    [error] = stopped
    line = error.line()
    assert line.startswith("slow.txt: extraction stopped after 2 s") and "提取超过 2 秒已停止" in line
    assert line.endswith("[E103]") and "\n" not in line


def test_the_ingest_page_stops_a_pasted_text_past_the_budget_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ECOGRAPH_GRAPH", f"falkordb://{tmp_path / 'graph.db'}")
    monkeypatch.setenv("ECOGRAPH_CORPUS", str(tmp_path / "corpus.sqlite"))
    monkeypatch.setenv("ECOGRAPH_ARTICLE_SECONDS", "2")
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("ui/ingest.py").run()
    at.text_area(key="ingest_text").input("一份很长的名单\n" + long_enumeration(100_000)).run()
    at.button(key="ingest_preview").click().run()
    assert not at.exception
    [warning] = [w.value for w in at.warning]
    assert "pasted: extraction stopped after 2 s" in warning and "提取超过 2 秒已停止" in warning
    assert not at.expander  # nothing to preview
    assert not [b for b in at.button if b.key == "ingest_commit"]  # nothing to commit
