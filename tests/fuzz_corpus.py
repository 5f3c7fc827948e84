"""A deterministic corpus of hostile chat messages for the fuzz tests.

``corpus()`` returns the same >= 1,000 messages on every run (seeded, no network): empty
and whitespace-only text, 10k-character walls, emoji, Hindi (Devanagari) and Hinglish,
SQL / HTML / script injection, control characters, JSON-looking text, random bytes decoded
as text, "/intent"-looking strings, very long words, right-to-left text and zero-width
characters - alone and mixed into realistic career-chat sentences, because a hostile
fragment inside a real answer reaches more code than the fragment alone.

    from tests.fuzz_corpus import corpus, sample
    for message in corpus(): message.category, message.text
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from tests.fuzz_fragments import (
    CONTROL,
    EMOJI,
    HINDI,
    HINGLISH,
    INJECTION,
    INTENT_LIKE,
    JSON_LIKE,
    REALISTIC,
    RTL,
    WHITESPACE,
    ZERO_WIDTH,
)

SEED = 20240601
MINIMUM_SIZE = 1000


@dataclass(frozen=True)
class FuzzMessage:
    category: str
    text: str


# ---- generators, one per category -------------------------------------------------------
def _empty(rng: random.Random) -> list[str]:
    return ["", "", ""]


def _whitespace(rng: random.Random) -> list[str]:
    items = list(WHITESPACE)
    for _ in range(30):
        items.append("".join(rng.choice(WHITESPACE) for _ in range(rng.randint(1, 40))))
    return items


def _long_text(rng: random.Random) -> list[str]:
    words = " ".join(REALISTIC).split()
    items = [
        "a" * 10_000,
        " ".join(rng.choice(words) for _ in range(2_000))[:10_000],
        ("I know Excel. " * 800)[:10_000],
        ("😀" * 10_000),
        ("मैंने बी.कॉम किया है " * 500)[:10_000],
        ("<script>alert(1)</script>" * 400)[:10_000],
        ("\u200b" * 10_000),
        ("\n" * 5_000) + "B.Com",
    ]
    for _ in range(12):
        length = rng.choice([1_000, 2_500, 5_000, 10_000])
        items.append("".join(rng.choice(words) + " " for _ in range(length // 4))[:length])
    return items


def _long_words(rng: random.Random) -> list[str]:
    alphabet = "abcdefghijklmnopqrstuvwxyz"
    items = [
        "supercalifragilistic" * 50,
        "x" * 3_000,
        "B.Com" * 400,
        "excel" * 600,
        "Pneumonoultramicroscopicsilicovolcanoconiosis " * 20,
    ]
    for _ in range(25):
        word = "".join(rng.choice(alphabet) for _ in range(rng.randint(60, 1_500)))
        items.append(rng.choice(["I know ", "", "my skill is ", "degree: "]) + word)
    return items


def _emoji(rng: random.Random) -> list[str]:
    items = list(EMOJI)
    for _ in range(40):
        emojis = "".join(rng.choice(EMOJI) for _ in range(rng.randint(1, 30)))
        items.append(
            rng.choice(
                [emojis, f"{rng.choice(REALISTIC)} {emojis}", f"{emojis} {rng.choice(REALISTIC)}"]
            )
        )
    return items


def _hindi(rng: random.Random) -> list[str]:
    items = list(HINDI)
    for _ in range(40):
        items.append(" ".join(rng.sample(HINDI, rng.randint(1, 3))))
    return items


def _hinglish(rng: random.Random) -> list[str]:
    items = list(HINGLISH)
    for _ in range(50):
        parts = rng.sample(HINGLISH, rng.randint(1, 2)) + rng.sample(REALISTIC, rng.randint(0, 1))
        rng.shuffle(parts)
        items.append(", ".join(parts))
    return items


def _injection(rng: random.Random) -> list[str]:
    items = list(INJECTION)
    for _ in range(100):
        payload = rng.choice(INJECTION)
        base = rng.choice(REALISTIC)
        items.append(
            rng.choice(
                [
                    f"{base} {payload}",
                    f"{payload} {base}",
                    f"I know {payload}",
                    f"I did {payload} from {payload}",
                    f"tell me more about {payload}",
                ]
            )
        )
    return items


def _control(rng: random.Random) -> list[str]:
    items = [f"B.Com{char}graduate" for char in CONTROL]
    for _ in range(40):
        noise = "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 20)))
        items.append(
            rng.choice(
                [noise, f"{rng.choice(REALISTIC)}{noise}", f"{noise}{rng.choice(REALISTIC)}"]
            )
        )
    return items


def _json_like(rng: random.Random) -> list[str]:
    items = list(JSON_LIKE)
    for _ in range(24):
        items.append(f"{rng.choice(JSON_LIKE)} {rng.choice(REALISTIC)}")
    return items


def _random_bytes(rng: random.Random) -> list[str]:
    codecs = ("utf-8", "latin-1", "utf-16-le", "cp1252")
    items = []
    for index in range(150):
        raw = bytes(rng.randrange(256) for _ in range(rng.randint(1, 300)))
        items.append(_decoded(raw, codecs[index % len(codecs)]))
    return items


def _decoded(raw: bytes, codec: str) -> str:
    text = (
        raw[: len(raw) // 2 * 2].decode(codec, errors="replace")
        if codec == "utf-16-le"
        else raw.decode(codec, errors="replace")
    )
    # Lone surrogates are not valid text for any client that encodes UTF-8; a browser
    # would have replaced them already, so the corpus does too.
    return "".join("\ufffd" if 0xD800 <= ord(char) <= 0xDFFF else char for char in text)


def _random_unicode(rng: random.Random) -> list[str]:
    # Code points from every plane that Python can encode as UTF-8 (no lone surrogates).
    ranges = [
        (0x20, 0x7E),
        (0xA0, 0x24F),
        (0x370, 0x3FF),
        (0x400, 0x4FF),
        (0x590, 0x6FF),
        (0x900, 0x97F),
        (0x3040, 0x30FF),
        (0x4E00, 0x4FFF),
        (0xAC00, 0xAD00),
        (0x1F300, 0x1F6FF),
        (0x10000, 0x1007F),
        (0xE000, 0xE0FF),
        (0xFFF0, 0xFFFD),
    ]
    items = []
    for _ in range(100):
        chars = []
        for _ in range(rng.randint(1, 80)):
            low, high = rng.choice(ranges)
            chars.append(chr(rng.randint(low, high)))
        items.append("".join(chars))
    return items


def _intent_like(rng: random.Random) -> list[str]:
    items = list(INTENT_LIKE)
    for _ in range(28):
        items.append(
            rng.choice(INTENT_LIKE) + rng.choice(["", " ", " extra words", "😀", "\u200b"])
        )
    return items


def _rtl(rng: random.Random) -> list[str]:
    items = list(RTL)
    for _ in range(24):
        items.append(f"{rng.choice(RTL)} {rng.choice(REALISTIC)} {rng.choice(RTL)}")
    return items


def _zero_width(rng: random.Random) -> list[str]:
    items = ["".join(ZERO_WIDTH), "\u200b" * 50]
    for _ in range(40):
        text = rng.choice(REALISTIC)
        items.append(
            "".join(char + (rng.choice(ZERO_WIDTH) if rng.random() < 0.5 else "") for char in text)
        )
    return items


def _mixed(rng: random.Random) -> list[str]:
    pools = [
        INJECTION,
        JSON_LIKE,
        INTENT_LIKE,
        EMOJI,
        HINDI,
        HINGLISH,
        RTL,
        REALISTIC,
        ZERO_WIDTH,
        CONTROL,
    ]
    items = []
    for _ in range(160):
        items.append(" ".join(rng.choice(rng.choice(pools)) for _ in range(rng.randint(2, 6))))
    return items


GENERATORS: dict[str, Callable[[random.Random], list[str]]] = {
    "empty": _empty,
    "whitespace": _whitespace,
    "long_text": _long_text,
    "long_words": _long_words,
    "emoji": _emoji,
    "hindi": _hindi,
    "hinglish": _hinglish,
    "injection": _injection,
    "control": _control,
    "json_like": _json_like,
    "random_bytes": _random_bytes,
    "random_unicode": _random_unicode,
    "intent_like": _intent_like,
    "rtl": _rtl,
    "zero_width": _zero_width,
    "mixed": _mixed,
}


def where(message: FuzzMessage) -> str:
    """A message's category and start, for failure reports."""
    return f"[{message.category}] {message.text[:80]!r}"


def corpus(seed: int = SEED) -> list[FuzzMessage]:
    """Every hostile message, in a fixed order (same seed -> same list)."""
    messages: list[FuzzMessage] = []
    for category, generate in GENERATORS.items():
        rng = random.Random(f"{seed}:{category}")
        messages.extend(FuzzMessage(category, text) for text in generate(rng))
    return messages


def sample(count: int, seed: int = SEED) -> list[FuzzMessage]:
    """``count`` messages drawn evenly from every category (deterministic)."""
    by_category: dict[str, list[FuzzMessage]] = {}
    for message in corpus(seed):
        by_category.setdefault(message.category, []).append(message)
    rng = random.Random(f"{seed}:sample")
    for messages in by_category.values():
        rng.shuffle(messages)
    chosen: list[FuzzMessage] = []
    position = 0
    while len(chosen) < count:
        added = False
        for messages in by_category.values():
            if position < len(messages) and len(chosen) < count:
                chosen.append(messages[position])
                added = True
        if not added:
            break
        position += 1
    return chosen


if __name__ == "__main__":
    from collections import Counter

    counts = Counter(message.category for message in corpus())
    for category, count in counts.items():
        print(f"{category:15} {count}")
    print(f"{'total':15} {sum(counts.values())}")
