"""Turning the assistant's messages into what the Telegram Bot API accepts.

Rasa-free on purpose: the connector (``telegram.py``) and its tests use these functions,
and so could any other chat channel with the same limits.

Three rules shape everything here:
- Telegram refuses messages over 4096 characters (counted in UTF-16 code units, so an
  emoji counts twice), so long texts are split on paragraph, then line, then word
  boundaries.
- ``callback_data`` of an inline button holds at most 64 bytes; longer Rasa payloads
  (``/inform{"education": "graduate"}``) are swapped for a short key kept in memory.
- Plain texts are sent without a parse mode, so user-provided text is shown exactly as
  typed. Only the recommendation cards use HTML, and every value in them is escaped.

Cards are rendered by the library's one card renderer (``careerpath.conversation.cards``)
with HTML markup; the terminal gets the same text without it.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from typing import Any

from careerpath.conversation.cards import Markup, card_text, is_card

TELEGRAM_TEXT_LIMIT = 4096
CALLBACK_DATA_LIMIT = 64
# Keys that stand in for long payloads start with this; a payload that happens to
# start with it is mapped too, so a key can never be mistaken for a payload.
CALLBACK_KEY_PREFIX = "#k:"
# Buttons share a row while their titles stay short enough to read on a phone.
ROW_TITLE_BUDGET = 30
MAX_BUTTONS_PER_ROW = 3


# ---------------------------------------------------------------------------
# Splitting long texts
# ---------------------------------------------------------------------------
def telegram_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def split_message(
    text: str, limit: int = TELEGRAM_TEXT_LIMIT, html_mode: bool = False
) -> list[str]:
    """Pieces of ``text`` no longer than ``limit``, cut at the gentlest boundary available.

    Paragraphs stay whole when they fit, then lines, then words; only a single word longer
    than the limit is cut mid-word. With ``html_mode`` a cut never lands inside an HTML
    entity such as ``&amp;`` (tags are kept on short lines by the card renderer).
    Empty or blank text gives an empty list.
    """
    text = text.strip()
    if not text:
        return []
    if telegram_length(text) <= limit:
        return [text]
    pieces: list[str] = []
    _pack(text, ("\n\n", "\n", " "), limit, html_mode, pieces)
    return [piece for piece in (p.strip() for p in pieces) if piece]


def _pack(
    text: str, separators: Sequence[str], limit: int, html_mode: bool, out: list[str]
) -> None:
    """Greedily joins the parts of ``text`` split by the first separator into pieces that fit;
    parts too long on their own are split again by the next separator."""
    if telegram_length(text) <= limit:
        out.append(text)
        return
    if not separators:
        out.extend(_hard_cut(text, limit, html_mode))
        return
    separator, finer = separators[0], separators[1:]
    current = ""
    for part in text.split(separator):
        candidate = f"{current}{separator}{part}" if current else part
        if telegram_length(candidate) <= limit:
            current = candidate
            continue
        if current:
            out.append(current)
        if telegram_length(part) <= limit:
            current = part
        else:
            _pack(part, finer, limit, html_mode, out)
            current = ""
    if current:
        out.append(current)


def _hard_cut(text: str, limit: int, html_mode: bool) -> list[str]:
    pieces = []
    while text:
        end = _prefix_end(text, limit)
        if html_mode:
            entity_start = text.rfind("&", 0, end)
            if entity_start != -1 and ";" not in text[entity_start:end] and entity_start > 0:
                end = entity_start
        pieces.append(text[:end])
        text = text[end:]
    return pieces


def _prefix_end(text: str, limit: int) -> int:
    """Largest index whose prefix fits in ``limit`` UTF-16 code units (never splits a character)."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return max(index, 1)
    return len(text)


# ---------------------------------------------------------------------------
# Buttons
# ---------------------------------------------------------------------------
class CallbackPayloadStore:
    """Maps Rasa button payloads to ``callback_data`` that fits Telegram's 64 bytes.

    Short payloads travel as they are. Long ones get a key derived from their hash, so the
    same payload always gets the same key; the mapping lives in memory (bounded, oldest
    forgotten first), so a button sent before a server restart can expire - the connector
    then asks the user to type the answer instead.
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._payloads: OrderedDict[str, str] = OrderedDict()

    def callback_data(self, payload: str) -> str:
        if len(payload.encode("utf-8")) <= CALLBACK_DATA_LIMIT and not payload.startswith(
            CALLBACK_KEY_PREFIX
        ):
            return payload
        key = CALLBACK_KEY_PREFIX + hashlib.sha256(payload.encode("utf-8")).hexdigest()[:24]
        self._payloads[key] = payload
        self._payloads.move_to_end(key)
        while len(self._payloads) > self.capacity:
            self._payloads.popitem(last=False)
        return key

    def payload(self, callback_data: str) -> str | None:
        """The payload behind ``callback_data``; None when it is an expired or unknown key."""
        if not callback_data.startswith(CALLBACK_KEY_PREFIX):
            return callback_data
        return self._payloads.get(callback_data)


def inline_keyboard(
    buttons: Iterable[dict[str, Any]], store: CallbackPayloadStore
) -> dict[str, Any]:
    """Rasa buttons (``{"title", "payload"}`` or ``{"title", "url"}``) as an inline keyboard."""
    telegram_buttons = [_inline_button(button, store) for button in buttons]
    telegram_buttons = [button for button in telegram_buttons if button is not None]
    return {"inline_keyboard": _rows(telegram_buttons)}


def _inline_button(button: dict[str, Any], store: CallbackPayloadStore) -> dict[str, str] | None:
    title = str(button.get("title") or button.get("payload") or "").strip()
    if not title:
        return None
    url = button.get("url")
    if url:
        return {"text": title, "url": str(url)}
    payload = str(button.get("payload") or title)
    return {"text": title, "callback_data": store.callback_data(payload)}


def _rows(buttons: list[dict[str, str]]) -> list[list[dict[str, str]]]:
    rows: list[list[dict[str, str]]] = []
    row: list[dict[str, str]] = []
    row_title_length = 0
    for button in buttons:
        title_length = len(button["text"])
        row_full = (
            len(row) >= MAX_BUTTONS_PER_ROW or row_title_length + title_length > ROW_TITLE_BUDGET
        )
        if row and row_full:
            rows.append(row)
            row, row_title_length = [], 0
        row.append(button)
        row_title_length += title_length
    if row:
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------
# Recommendation cards
# ---------------------------------------------------------------------------
def is_recommendation_payload(payload: Any) -> bool:
    return is_card(payload)


def escape(value: Any) -> str:
    """Text made safe for Telegram's HTML parse mode. Quotes stay as they are: values never
    go into tag attributes, and Telegram knows only a few named entities."""
    return html.escape(str(value), quote=False)


def html_to_plain(text: str) -> str:
    """Telegram HTML as plain text: our renderers escape every value, so any "<" left
    in ``text`` starts one of our own tags."""
    return html.unescape(re.sub(r"<[^>]*>", "", text))


TELEGRAM_HTML = Markup(
    bold=lambda text: f"<b>{text}</b>", italic=lambda text: f"<i>{text}</i>", escape=escape
)


def render_recommendations(payload: dict[str, Any]) -> str:
    """A recommendation card (``careerpath.conversation.cards``) as Telegram HTML, by the same
    renderer the terminal uses: one paragraph per recommendation (no blank lines inside),
    so ``split_message`` keeps each whole; tags only ever wrap short values on one line."""
    return card_text(payload, markup=TELEGRAM_HTML)


def card_buttons(payload: dict[str, Any]) -> list[dict[str, Any]]:
    """The buttons a card carries (they answer the text said after the cards)."""
    buttons = payload.get("buttons") if isinstance(payload, dict) else None
    return (
        [button for button in buttons if isinstance(button, dict)]
        if isinstance(buttons, list)
        else []
    )
