"""`ecograph eval` gives the reference scorer's figures (../shared/tools/score.py)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import GOLD, NO_SHARED, SEEDS, SHARED

from ecograph.ingest.evaluate import evaluate, load_gold
from ecograph.ingest.pipeline import extract_many
from ecograph.ingest.sources import read_paths

REALDEV = SHARED / "realdev"
SCORER = SHARED / "tools" / "score.py"


def reference_scores(extractions, gold_dir, tmp_path) -> dict:
    predictions = tmp_path / "pred.jsonl"
    predictions.write_text("".join(json.dumps(x.to_contract(), ensure_ascii=False) + "\n" for x in extractions),
                           encoding="utf-8")
    out = subprocess.run([sys.executable, str(SCORER), str(predictions), str(gold_dir), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


@pytest.mark.parametrize("gold_dir, articles", [(GOLD, SEEDS), (REALDEV / "gold", REALDEV / "articles")],
                         ids=["seeds", "realdev"])
def test_eval_agrees_with_the_reference_scorer(gold_dir, articles, tmp_path):
    if not SCORER.is_file() or not articles.is_dir():
        pytest.skip(NO_SHARED)
    extractions = list(extract_many(read_paths([articles]).articles))

    ours = evaluate(load_gold(gold_dir), extractions).to_dict()
    theirs = reference_scores(extractions, gold_dir, tmp_path)

    for part, ref_part in (("entities", "entity"), ("relations", "relation")):
        mine = ours[part]["overall"]
        assert (mine["precision"], mine["recall"], mine["f1"]) == tuple(round(theirs[ref_part][k], 3) for k in "prf")
    by_label = {k: (v["tp"], v["fp"], v["fn"]) for k, v in ours["entities"]["by_label"].items()}
    assert by_label == {k: (v["tp"], v["fp"], v["fn"]) for k, v in theirs["entity_by_label"].items()}
    by_type = {k: (v["tp"], v["fp"], v["fn"]) for k, v in ours["relations"]["by_type"].items()}
    assert by_type == {k: (v["tp"], v["fp"], v["fn"]) for k, v in theirs["relation_by_type"].items()}
    links = ours["relations"]["links"]
    assert links["f1"] == round(theirs["link"]["f"], 3)
