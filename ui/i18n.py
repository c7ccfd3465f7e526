"""One interface language at a time: Chinese by default, English with ?lang=en.

The language lives in the URL (so a link opens in the language it was copied in) and in the
session (so it survives a click on a link that does not carry it). Only interface text is
translated: names, evidence sentences and other data stay as written.
"""
from __future__ import annotations

import streamlit as st

LANGUAGES = ("zh", "en")
DEFAULT = "zh"
_KEY = "ui_lang"


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
