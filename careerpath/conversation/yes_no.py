"""An explicit yes: consent to share details with a counselor, or to delete one's data, is
given in words, never guessed. The classifier's "affirm" alone is not enough: it reads
"what" or "x" as a yes too."""

from __future__ import annotations

import re

YES_WORDS = {
    "yes",
    "y",
    "ok",
    "okay",
    "sure",
    "haan",
    "han",
    "ha",
    "ji",
    "theek hai",
    "thik hai",
    "हाँ",
    "हां",
    "जी",
    "ठीक है",
}
# Words that make a message a question, not a yes ("ok what will you share?"); "can" and
# "do" are not among them: "yes you can share it", "haan share kar do".
_ASKING = {"what", "how", "why", "which", "who", "where", "when", "kya", "kaise", "kaun", "kyun"}
_ASKING |= {"kitna", "क्या", "कैसे", "कौन"}


def plain(words: str) -> str:
    return " ".join(re.sub(r"[!.,?।]+", " ", words.lower()).split())


def says_yes(text: str, intent: str | None) -> bool:
    """A yes button (the payload, or no words), a yes word ("haan", "ok"), or a sentence
    that opens with one and asks nothing ("yes you can share it")."""
    if not text.strip() or text.strip().startswith("/"):
        return intent == "affirm"
    words = plain(text)
    if words in YES_WORDS:
        return True
    opens_with_yes = any(words.startswith(f"{yes} ") for yes in YES_WORDS)
    asks = "?" in text or any(word in _ASKING for word in words.split())
    return intent == "affirm" and opens_with_yes and not asks
