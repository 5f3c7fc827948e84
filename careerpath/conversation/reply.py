"""The shape of one bot message, independent of Rasa, and how each channel receives it.

A reply is text with buttons, or a recommendation card (``careerpath.conversation.cards``)
with the text said after it and the buttons that answer it. :func:`message_for` is the one
place that decides what a channel gets: channels that draw cards (the web widget over REST)
or render them themselves (Telegram, as formatted text) get the card alone; every other
channel (the terminal's ``rasa shell``, unknown ones) gets the card rendered as text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from careerpath import wording

from .cards import card_text

# Channels (Rasa input channel names) that take the card payload itself.
CARD_CHANNELS = frozenset({"rest", "telegram"})


@dataclass
class Reply:
    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    card: dict[str, Any] | None = None  # a recommendation card; ``text`` follows it

    def card_payload(self) -> dict[str, Any]:
        """The card with this reply's text and buttons inside: one message, nothing repeated."""
        assert self.card is not None
        return {**self.card, "text": self.text or None, "buttons": list(self.buttons)}


def message_for(reply: Reply, channel: str | None) -> dict[str, Any]:
    """Keyword arguments for ``CollectingDispatcher.utter_message`` on ``channel``."""
    if reply.card is None:
        kwargs: dict[str, Any] = {"text": reply.text}
    elif channel in CARD_CHANNELS:
        return {"json_message": reply.card_payload()}
    else:
        kwargs = {"text": card_text(reply.card_payload())}
    if reply.buttons:
        kwargs["buttons"] = list(reply.buttons)
    return kwargs


def button(title: str, payload: str) -> dict[str, str]:
    return {"title": title, "payload": payload}


def catalog_button(key: str, payload: str, **params: object) -> dict[str, str]:
    """A button whose title is the catalog text ``key``."""
    return button(wording.text(key, None, **params), payload)


# Payloads are Rasa's "/intent" shortcuts, so a click never depends on NLU.
def advice_button() -> dict[str, str]:
    return catalog_button("button.get_advice", "/ask_career_advice")


def faq_button() -> dict[str, str]:
    return catalog_button("button.ask_faq", "/ask_faq")


def compare_button() -> dict[str, str]:
    return catalog_button("button.compare", "/compare_tracks")


def learn_button() -> dict[str, str]:
    return catalog_button("button.what_to_learn", "/ask_what_to_learn")


def skip_button() -> dict[str, str]:
    return catalog_button("button.skip", "/skip")


def back_button() -> dict[str, str]:
    return catalog_button("button.back", "/go_back")


def role_details_button(role_id: str, role_name: str) -> dict[str, str]:
    return catalog_button(
        "button.more_about", f'/ask_role_details{{"role_type": "{role_id}"}}', role=role_name
    )
