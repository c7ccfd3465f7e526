"""The "as of" control 截至: the graph as it was reported by a date (facts first seen by then).

A sidebar widget the map and the profile share, and the pure functions that apply its date."""
from __future__ import annotations

from datetime import date

import streamlit as st

from ecograph.ui import data
from ecograph.ui.i18n import t


def as_of_control(key: str) -> str | None:
    """The chosen date (ISO) when the analyst turns the control on, else None."""
    bounds = data.date_bounds()
    if not bounds:
        return None
    with st.sidebar:
        if not st.toggle(t("截至某日", "As of"), key=f"{key}_on",
                         help=t("仅显示截至该日期已报道的关系（首次出现不晚于该日）；无日期的关系隐藏。",
                                "Show only the facts reported by a date (first seen on or before it); "
                                "undated facts are hidden.")):
            return None
        low, high = date.fromisoformat(bounds[0]), date.fromisoformat(bounds[1])
        picked = st.date_input(t("截至日期", "Reported by"), high, min_value=low, max_value=high, key=key)
    return picked.isoformat() if isinstance(picked, date) else None


def links_as_of(links: list[dict], as_of: str | None) -> list[dict]:
    """The links first seen on or before `as_of` (all of them when None)."""
    if as_of is None:
        return links
    return [link for link in links if link.get("first_seen") and str(link["first_seen"]) <= as_of]


def range_as_of(date_range: tuple[str, str] | None, include_undated: bool, as_of: str | None,
                bounds: tuple[str, str] | None) -> tuple[tuple[str, str] | None, bool]:
    """The map's date filter narrowed to facts first seen by `as_of` (a fact counts when its
    first_seen..last_seen meets the range, so ending the range at `as_of` is "reported by")."""
    if as_of is None or not bounds:
        return date_range, include_undated
    low, high = date_range or bounds
    return (low, min(high, as_of)), False
