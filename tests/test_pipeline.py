"""The extractor is a spaCy pipeline a user can save, load elsewhere and configure: mentions are
token-aligned spans, lexicons travel with the saved pipeline, relation rules are chosen in the
config."""
from __future__ import annotations

import json
import subprocess
import sys

import spacy

from ecograph.ingest.pipeline import MENTIONS_KEY, PIPES, build_nlp, new_nlp

TEXT = ("苏州衡睿生物技术有限公司成立于2019年,总部位于苏州工业园区。"
        "公司董事长王立新表示,公司与江南医科大学附属医院签署战略合作协议。")


def _facts(doc) -> dict:
    return {
        "mentions": sorted((s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans[MENTIONS_KEY]),
        "relations": sorted((r.source, r.type, r.target) for r in doc._.ecograph_relations),
    }


def test_every_mention_is_a_token_aligned_span_holding_exactly_its_name():
    doc = build_nlp()(TEXT)
    names = {span.text for span in doc.spans[MENTIONS_KEY]}
    assert "苏州衡睿生物技术有限公司" in names  # not …有限公司成立于
    for span in doc.spans[MENTIONS_KEY]:
        assert doc.text[span.start_char:span.end_char] == span.text
        assert span.label_ and span.id_  # the label and the rule that found it
    assert [pipe for pipe, _ in build_nlp().pipeline] == list(PIPES)


def test_a_saved_pipeline_loads_in_a_fresh_interpreter_and_extracts_the_same(tmp_path):
    nlp = build_nlp()
    nlp.to_disk(tmp_path / "pipeline")
    expected = _facts(nlp(TEXT))
    script = (
        "import json, sys, spacy\n"
        "nlp = spacy.load(sys.argv[1])\n"
        "doc = nlp(sys.argv[2])\n"
        "print(json.dumps({'mentions': sorted((s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans['mentions']),"
        " 'relations': sorted((r.source, r.type, r.target) for r in doc._.ecograph_relations)}, ensure_ascii=False))\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "pipeline"), TEXT],
                         capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert [tuple(m) for m in loaded["mentions"]] == expected["mentions"]
    assert [tuple(r) for r in loaded["relations"]] == expected["relations"]
    assert expected["relations"]  # the text has links to compare


def test_the_lexicons_saved_with_the_pipeline_are_the_ones_it_reads_back(tmp_path):
    build_nlp().to_disk(tmp_path / "pipeline")
    segments = tmp_path / "pipeline" / "ecograph_mentions" / "segments.txt"
    assert segments.exists()
    text = "该公司研发的磁控胶囊镜系统已上市。"
    doc = spacy.load(tmp_path / "pipeline")(text)
    assert "磁控胶囊镜" not in {s.text for s in doc.spans[MENTIONS_KEY]}
    segments.write_text(segments.read_text(encoding="utf-8") + "磁控胶囊镜\n", encoding="utf-8")
    doc = spacy.load(tmp_path / "pipeline")(text)
    assert ("磁控胶囊镜", "Segment") in {(s.text, s.label_) for s in doc.spans[MENTIONS_KEY]}


def test_the_relation_rules_are_chosen_in_the_config():
    nlp = new_nlp()
    nlp.replace_pipe("ecograph_relations", "ecograph_relations", config={"rules": ["founded"]})
    nlp.initialize()
    types = {r.type for r in nlp(TEXT)._.ecograph_relations}
    assert types <= {"FOUNDED"}
    assert {r.type for r in build_nlp()(TEXT)._.ecograph_relations} - {"FOUNDED"}  # the default reads more
