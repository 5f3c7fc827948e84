"""The shape of one bot message, independent of Rasa."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    custom: Optional[Dict[str, Any]] = None  # sent as Rasa's json_message (widget cards)

    def as_kwargs(self) -> Dict[str, Any]:
        """Keyword arguments for ``CollectingDispatcher.utter_message``."""
        kwargs: Dict[str, Any] = {"text": self.text}
        if self.buttons:
            kwargs["buttons"] = list(self.buttons)
        if self.custom is not None:
            kwargs["json_message"] = self.custom
        return kwargs


def button(title: str, payload: str) -> Dict[str, str]:
    return {"title": title, "payload": payload}


# Payloads are Rasa's "/intent" shortcuts, so a click never depends on NLU.
ADVICE_BUTTON = button("Get career advice", "/ask_career_advice")
FAQ_BUTTON = button("Ask about BPO / KPO", "/ask_faq")
COMPARE_BUTTON = button("Compare BPO and KPO", "/compare_tracks")
SKIP_BUTTON = button("Skip this question", "/skip")
