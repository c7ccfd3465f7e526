"""One interface language at a time: Chinese by default, English with ?lang=en.

The language lives in the URL (so a link opens in the language it was copied in) and in the
session (so it survives a click on a link that does not carry it). Only interface text is
translated: names, evidence sentences and other data stay as written.
"""
from __future__ import annotations

import re

import streamlit as st

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
_KEY = "ui_lang"
_FIRST_CJK = re.compile(r"[\u3400-\u9fff]")


def lang() -> str:
    """The interface language of this run: 'zh' or 'en'."""
    asked = st.query_params.get("lang")
    if asked in LANGUAGES:
        st.session_state[_KEY] = asked
        return asked
    return st.session_state.get(_KEY, DEFAULT)


def t(zh: str, en: str) -> str:
    """The text in the interface language."""
    return en if lang() == "en" else zh


def remember(language: str) -> None:
    """Make `language` the interface language of the session and of the address bar."""
    st.session_state[_KEY] = language
    st.query_params["lang"] = language


def params(**values: str) -> dict[str, str]:
    """Query parameters for a link to another page, the language carried along."""
    return {**values, "lang": lang()}


def split(text: str) -> tuple[str, str]:
    """'Overview 概览' → ('概览', 'Overview'): a text the library writes English first, then Chinese
    (page titles, review kinds, duplicate reasons); a text without Chinese is both."""
    match = _FIRST_CJK.search(text)
    if not match:
        return text, text
    return text[match.start():].strip(), text[:match.start()].strip() or text


def pick(text: str) -> str:
    """The interface-language half of an 'English 中文' text (see split)."""
    return t(*split(text))
