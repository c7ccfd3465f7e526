"""Links that work: an unknown id says so, an article read from a file opens as stored text,
the uploader states the real limit (AppTest on the seed graph)."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from ecograph.ingest.corpus import Corpus

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def _open(page: str, lang: str = "en", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang, **params})
    at.run()
    at.switch_page(page).run()
    assert not at.exception
    return at


def test_an_unknown_entity_id_says_so(app_env):
    at = _open("ui/profile.py", id="company:doesnotexist")
    assert at.warning and "company:doesnotexist" in at.warning[0].value
    assert at.selectbox(key="profile_entity").value is None


def test_an_article_from_a_file_opens_as_its_stored_text(app_env):
    with Corpus(app_env.corpus) as corpus:
        article = next(a for a in corpus.articles() if not a.url)
    at = _open("ui/article.py", id=article.id)
    assert at.header[0].value == (article.title or "(untitled)")
    assert at.text[0].value.strip() == article.raw_text.strip()
    missing = _open("ui/article.py", lang="zh", id="article:nothing")
    assert missing.warning and "没有 id 为" in missing.warning[0].value


def test_the_uploader_states_the_reader_limit(app_env):
    from ecograph.ingest.sources import DEFAULT_MAX_BYTES

    at = _open("ui/ingest.py")
    assert f"{DEFAULT_MAX_BYTES // (1024 * 1024)} MB" in at.get("file_uploader")[0].proto.label
