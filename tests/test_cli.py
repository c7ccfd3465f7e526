"""The `ecograph` command end to end, on a real embedded FalkorDB in a temporary folder."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ecograph.cli import app
from tests.conftest import NO_SHARED, SEEDS

runner = CliRunner()


def run(tmp_path: Path, *args: str):
    return runner.invoke(app, ["--corpus", str(tmp_path / "c.sqlite"), "--graph", f"falkordb://{tmp_path / 'g.db'}", *args])


ARTICLE = "北京康润医疗科技有限公司入驻中关村医疗器械园\n2024年5月12日，北京康润医疗科技有限公司正式入驻中关村医疗器械园，专注于体外诊断领域。\n"


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "b.json").write_text(json.dumps({
        "url": "https://example.cn/b", "title": "张江签约", "date": "2023-03-01",
        "text": "上海瑞泽生物科技股份有限公司与张江医疗器械产业基地签署战略合作协议。"}, ensure_ascii=False), encoding="utf-8")
    return folder


def stats_json(tmp_path) -> str:
    result = run(tmp_path, "stats", "--json")
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ingest_twice_changes_nothing(tmp_path, articles):
    first = run(tmp_path, "ingest", str(articles))
    assert first.exit_code == 0, first.output
    assert "2 new" in first.stdout
    before = stats_json(tmp_path)
    second = run(tmp_path, "ingest", str(articles))
    assert "0 new, 0 updated, 2 unchanged" in second.stdout
    assert stats_json(tmp_path) == before
    stats = json.loads(before)
    assert stats["articles"] == 2
    assert stats["nodes"]["Company"] >= 2 and stats["nodes"]["Park"] >= 2


def test_changed_article_is_re_extracted(tmp_path, articles):
    run(tmp_path, "ingest", str(articles))
    (articles / "a.txt").write_text(ARTICLE.replace("体外诊断", "医学影像"), encoding="utf-8")
    result = run(tmp_path, "ingest", str(articles))
    assert "1 updated" in result.stdout
    names = run(tmp_path, "cypher", "MATCH (s:Segment) RETURN s.name AS name ORDER BY name", "--json").stdout
    assert [json.loads(line)["name"] for line in names.splitlines()] == ["医学影像"]


def test_bad_files_are_reported_and_the_batch_goes_on(tmp_path, articles):
    (articles / "empty.txt").write_bytes(b"")
    (articles / "binary.json").write_bytes(b"\x00\x01\x02\xff" * 100)
    (articles / "broken.jsonl").write_text('{"title": "好", "text": "张江医疗器械产业基地位于浦东新区合庆镇。"}\n{not json\n', encoding="utf-8")
    result = run(tmp_path, "ingest", str(articles))
    assert result.exit_code == 2
    assert "empty.txt" in result.stderr and "binary.json" in result.stderr and "broken.jsonl" in result.stderr
    assert "3 new" in result.stdout  # a.txt, b.json and the good line of broken.jsonl
    assert json.loads(stats_json(tmp_path))["articles"] == 3


def test_duplicate_article_under_another_name_is_skipped(tmp_path, articles):
    (articles / "copy.txt").write_text(ARTICLE, encoding="utf-8")
    result = run(tmp_path, "ingest", str(articles))
    assert result.exit_code == 2  # as the README says of every skipped input
    assert f"{articles / 'copy.txt'}: same text as {articles / 'a.txt'} already ingested; skipped [E102]" in result.stderr
    assert json.loads(stats_json(tmp_path))["articles"] == 2


def test_cypher_refuses_writes_and_takes_parameters(tmp_path, articles):
    run(tmp_path, "ingest", str(articles))
    refused = run(tmp_path, "cypher", "CREATE (n:Company {name: 'x'}) RETURN n")
    assert refused.exit_code == 1 and "read-only" in refused.stderr
    found = run(tmp_path, "cypher", "MATCH (p:Park {name: $name}) RETURN p.name AS name", "--param", "name=中关村医疗器械园", "--json")
    assert json.loads(found.stdout) == {"name": "中关村医疗器械园"}


def test_extract_json_follows_the_contract_and_writes_nothing(tmp_path, articles):
    result = run(tmp_path, "extract", str(articles / "a.txt"), "--json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert set(record) == {"source", "title", "date", "entities", "relations"}
    assert record["source"] == str(articles / "a.txt") and record["date"] == "2024-05-12"
    assert {"name": "北京康润医疗科技有限公司", "type": "Company", "aliases": []} in record["entities"]
    located = [r for r in record["relations"] if r["type"] == "LOCATED_IN"]
    assert located and located[0]["source"] == "北京康润医疗科技有限公司" and located[0]["target"] == "中关村医疗器械园"
    assert "入驻" in located[0]["evidence"] and 0 < located[0]["confidence"] <= 1
    assert not (tmp_path / "c.sqlite").exists() and not (tmp_path / "g.db").exists()


def test_rebuild_and_export(tmp_path, articles):
    run(tmp_path, "ingest", str(articles))
    before = stats_json(tmp_path)
    assert run(tmp_path, "rebuild").exit_code == 0
    assert stats_json(tmp_path) == before
    out = tmp_path / "graph.graphml"
    assert run(tmp_path, "export", "--format", "graphml", str(out)).exit_code == 0
    import networkx as nx
    graph = nx.read_graphml(out)
    assert graph.number_of_nodes() == sum(json.loads(before)["nodes"].values()) + 2


def test_bad_graph_url_is_one_clear_line(tmp_path):
    result = runner.invoke(app, ["--graph", "mysql://x", "stats"])
    assert result.exit_code == 1
    assert "graph URL 'mysql://x'" in result.stderr


def test_every_command_is_documented():
    for command in app.registered_commands:
        assert command.callback.__doc__, f"{command.name or command.callback.__name__} has no help"
    assert runner.invoke(app, ["--help"]).exit_code == 0


@pytest.mark.skipif(not SEEDS.is_dir(), reason=NO_SHARED)
def test_eval_on_the_seeds_meets_the_bars(tmp_path):
    result = runner.invoke(app, ["eval", str(SEEDS.parent / "gold"), *map(str, sorted(SEEDS.iterdir())), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["entities"]["overall"]["f1"] >= 0.75
    assert scores["relations"]["overall"]["f1"] >= 0.40


def test_a_missing_path_is_one_line_and_the_rest_is_ingested(tmp_path, articles):
    result = run(tmp_path, "ingest", str(tmp_path / "nowhere.txt"), str(articles))
    assert result.exit_code == 2
    assert f"{tmp_path / 'nowhere.txt'}: no such file [E101]" in result.stderr
    assert "2 new" in result.stdout


@pytest.mark.parametrize(("param", "problem"), [
    ("`=1", "parameter name '`' is not a name"),
    ("=1", "parameter name '' is not a name"),
    ("limit=99999999999999999999999", "parameter 'limit': the integer does not fit in 64 bits"),
    ("limit=" + "9" * 5000, "parameter 'limit': the integer does not fit in 64 bits"),
    ("limit=1e999", "parameter 'limit' is not a finite number"),
])
def test_a_parameter_no_engine_can_take_is_one_line(tmp_path, articles, param, problem):
    run(tmp_path, "ingest", str(articles))
    for command in (["cypher", "MATCH (n) RETURN n.name LIMIT $limit"], ["query", "top_connected"]):
        result = run(tmp_path, *command, "--param", param)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr.startswith(f"error: {problem}") and result.stderr.endswith("[E301]\n")
        assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(("url", "problem"), [
    ("bolt://[::1", "graph URL 'bolt://[::1' is malformed (Invalid IPv6 URL)"),
    ("bolt://u:secret@[::1", "graph URL 'bolt://u:***@[::1' is malformed (Invalid IPv6 URL)"),
    ("bolt://host:port", "graph URL 'bolt://host:port' is malformed"),
    ("bolt://", "graph URL 'bolt://' names no host"),
])
def test_a_malformed_graph_url_is_one_line(url, problem):
    result = runner.invoke(app, ["--graph", url, "stats"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {problem}") and len(result.stderr.splitlines()) == 1


def test_a_password_in_the_graph_url_is_never_shown(tmp_path):
    result = runner.invoke(app, ["--graph", "bolt://someone:secret@127.0.0.1:9", "stats"])
    assert result.exit_code == 1
    assert result.stderr == "error: cannot reach Neo4j at bolt://127.0.0.1:9: is it running? (docker compose up neo4j) [E201]\n"


def test_a_corrupt_corpus_is_one_line(tmp_path, articles):
    (tmp_path / "c.sqlite").write_bytes(b"this is not SQLite, but it is long enough to look like a header" * 20)
    for command in (["ingest", str(articles)], ["rebuild"]):
        result = run(tmp_path, *command)
        assert result.exit_code == 1
        assert result.stderr == f"error: {tmp_path / 'c.sqlite'}: cannot use the corpus: file is not a database [E203]\n"


needs_unprivileged = pytest.mark.skipif(os.geteuid() == 0 and not shutil.which("setpriv"),
                                        reason="running as root without setpriv: every file is readable")


@needs_unprivileged
def test_unreadable_files_and_folders_are_one_line_each_and_the_rest_is_read(tmp_path):
    """Run as an unprivileged user (root reads everything), on files only root may read."""
    folder = Path(tempfile.mkdtemp(prefix="ecograph-unreadable-"))
    try:
        folder.chmod(0o755)
        (folder / "good.txt").write_text(ARTICLE, encoding="utf-8")
        for name in ("named.txt", "inside/locked.txt", "noext", "locked/deep.txt"):
            (folder / name).parent.mkdir(exist_ok=True)
            (folder / name).parent.chmod(0o755)
            (folder / name).write_text(ARTICLE.replace("康润", "泽衡"), encoding="utf-8")
            (folder / name).chmod(0)
        (folder / "locked").chmod(0)
        command = [sys.executable, "-m", "ecograph.cli", "extract", "--json", str(folder / "named.txt"), str(folder)]
        if os.geteuid() == 0:
            command = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *command]
        home = folder / "home"  # a home the user may write to (onnxruntime keeps a device id there)
        home.mkdir(mode=0o777)
        home.chmod(0o777)
        done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=folder,
                              env={**os.environ, "HOME": str(home)})
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 2, done.stderr
    assert [json.loads(line)["source"] for line in done.stdout.splitlines()] == [str(folder / "good.txt")]
    assert done.stderr.splitlines() == [
        f"skipped: {folder / name}: cannot read: Permission denied [E101]"
        for name in ("named.txt", "inside/locked.txt", "locked", "noext")
    ]


def test_a_nul_in_an_article_never_reaches_the_graph(tmp_path, articles):
    (articles / "nul.json").write_text(json.dumps({"text": "北京衡知\u0000医疗科技有限公司落户中关村医疗器械园。"}), encoding="utf-8")
    result = run(tmp_path, "ingest", str(articles))
    assert result.exit_code == 0, result.output
    names = run(tmp_path, "cypher", "MATCH (c:Company) RETURN c.name AS name, c.aliases AS aliases ORDER BY name", "--json")
    assert {"name": "北京衡知医疗科技有限公司", "aliases": []} in [json.loads(line) for line in names.stdout.splitlines()]


def test_a_corpus_poisoned_before_the_reader_dropped_nuls_still_rebuilds_whole(tmp_path, articles):
    assert run(tmp_path, "ingest", str(articles)).exit_code == 0
    before = json.loads(stats_json(tmp_path))
    with sqlite3.connect(tmp_path / "c.sqlite") as db:
        db.execute("INSERT INTO aliases SELECT entity_id, substr(alias, 1, 2) || char(0) || substr(alias, 3), akey || 'x' FROM aliases")
    rebuilt = run(tmp_path, "rebuild")
    assert rebuilt.exit_code == 0, rebuilt.output
    assert json.loads(stats_json(tmp_path)) == before
    (articles / "more.txt").write_text(ARTICLE.replace("康润", "泽衡"), encoding="utf-8")
    again = run(tmp_path, "ingest", str(articles))
    assert again.exit_code == 0 and "1 new" in again.stdout
