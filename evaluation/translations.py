"""The answer key's other languages: reading the knowledge base's overlays (sources/<lang>/)
and the words answers in those languages use for facts the sources hold only as ids."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import yaml

# How the answers of other languages word a role's shifts and calls (the KB holds only ids).
TRANSLATED_SHIFTS = {
    "day": ("दिन की शिफ़्ट", "डे शिफ़्ट"),
    "night": ("रात की शिफ़्ट", "नाइट शिफ़्ट", "night shift"),
    "rotational": ("रोटेशनल", "बदलती शिफ़्ट"),
    "flexible": ("लचीला समय", "लचीली शिफ़्ट", "flexible"),
}
TRANSLATED_VOICE = {
    "voice": ("कॉल", "वॉइस"),
    "non_voice": ("नॉन-वॉइस", "चैट", "ईमेल"),
    "either": ("वॉइस या नॉन-वॉइस", "कॉल या नॉन-वॉइस"),
}
TRANSLATED_PART_TIME = ("पार्ट-टाइम",)


def _read(path: Path) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle) or {}


def overlay_texts(folder: Path, file: str, table: str, text: str = "name") -> dict[str, str]:
    """id -> the overlay's text (name or title) of one table of a language folder."""
    if not (folder / file).exists():
        return {}
    entries = _read(folder / file).get(table) or {}
    return {
        entry_id: str(texts[text])
        for entry_id, texts in entries.items()
        if isinstance(texts, dict) and texts.get(text)
    }


def ids_by_text(directory: Path, file: str, table: str, text: str) -> dict[str, str]:
    """English name (or title) -> id, for one table of the English sources."""
    return {entry[text]: entry["id"] for entry in _read(directory / file).get(table, [])}


def translated(
    english: Sequence[str], ids: dict[str, str], texts: dict[str, str]
) -> tuple[str, ...]:
    """English names in another language (a name without a translation stays as it is)."""
    return tuple(texts.get(ids.get(name, ""), name) for name in english)
