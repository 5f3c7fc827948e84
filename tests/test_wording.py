"""The message catalog (careerpath/wording): complete for the code that uses it, well formed,
and nothing in it unused.

The code is scanned, not run: every call of a wording function with a literal key (or an
f-string key such as f"intake.question.{slot}", which stands for every key it can match) must
name keys the English catalog has, and must pass exactly the placeholders those texts use.
"""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass
from pathlib import Path

import pytest

from careerpath import wording

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SCANNED = ("careerpath", "actions", "careerpath_rasa")
# Functions whose first argument (catalog_button: also the first) is a catalog key; "said":
# the Telegram channel's replies around a turn, in the conversation's language.
KEY_FUNCTIONS = {"text", "plural", "raw", "catalog_button", "_known", "said"}
# Arguments that are not placeholders.
NOT_PLACEHOLDERS = {"lang"}
KEY_SHAPE = re.compile(r"^[a-z_]+(\.[a-z0-9_]+)+$")


@dataclass
class KeyUse:
    pattern: re.Pattern
    literal: str | None
    keywords: set[str] | None  # None: the call passes **params, so they cannot be checked
    function: str
    where: str


def _function_name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def _alternatives(node: ast.AST) -> list[ast.AST]:
    """The keys a (possibly conditional) argument can be: text("a" if x else "b")."""
    if isinstance(node, ast.IfExp):
        return _alternatives(node.body) + _alternatives(node.orelse)
    return [node]


def _key_pattern(node: ast.AST) -> tuple | None:
    """(regex, literal key or None) for a key-shaped literal or f-string argument."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if not KEY_SHAPE.match(node.value):
            return None  # some other function called text(), e.g. SQLAlchemy's
        return re.compile(re.escape(node.value) + r"\Z"), node.value
    if isinstance(node, ast.JoinedStr):
        first = node.values[0] if node.values else None
        if not (isinstance(first, ast.Constant) and re.match(r"^[a-z_]+\.", str(first.value))):
            return None
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(re.escape(str(value.value)))
            else:
                parts.append(r"[a-z0-9_]+")
        return re.compile("".join(parts) + r"\Z"), None
    return None


def key_uses() -> list[KeyUse]:
    uses = []
    for package in SCANNED:
        for path in sorted((PROJECT_ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                function = _function_name(node)
                if function not in KEY_FUNCTIONS:
                    continue
                if any(keyword.arg is None for keyword in node.keywords):
                    keywords = None
                else:
                    keywords = {keyword.arg for keyword in node.keywords} - NOT_PLACEHOLDERS
                where = f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}"
                for argument in _alternatives(node.args[0]):
                    found = _key_pattern(argument)
                    if found is not None:
                        uses.append(KeyUse(found[0], found[1], keywords, function, where))
    return uses


USES = key_uses()
KEYS = list(wording.keys())


def test_the_scan_finds_the_wording_calls():
    assert len(USES) > 100, "the scanner no longer sees the calls (renamed API?)"
    assert any(use.literal == "intake.skipped" for use in USES)
    assert any(use.literal is None and use.pattern.match("intake.question.skills") for use in USES)


def test_every_key_the_code_uses_is_in_the_catalog():
    missing = [
        f"{use.where}: {use.literal or use.pattern.pattern}"
        for use in USES
        if not any(use.pattern.match(key) for key in KEYS)
    ]
    assert not missing, (
        "keys missing from careerpath/wording/locales/en/LC_MESSAGES/careerpath.po:\n"
        + "\n".join(missing)
    )


def test_callers_pass_exactly_the_placeholders_of_their_texts():
    wrong = []
    for use in USES:
        if use.keywords is None:
            continue
        for key in (key for key in KEYS if use.pattern.match(key)):
            expected = wording.placeholders(wording.raw(key))
            if use.function == "plural":
                expected = expected - {"count"}
            if use.keywords != expected:
                wrong.append(
                    f"{use.where}: {key} uses {sorted(expected)}, "
                    f"the call passes {sorted(use.keywords)}"
                )
    assert not wrong, "\n".join(wrong)


def test_no_catalog_entry_is_unused():
    unused = [key for key in KEYS if not any(use.pattern.match(key) for use in USES)]
    assert not unused, f"catalog keys no code uses (delete them, or use them): {unused}"


def catalogs() -> dict[str, wording.Language]:
    found = {}
    for directory in sorted(wording.LOCALES.iterdir()):
        language = wording.load_language(directory.name)
        if language is not None:
            found[directory.name] = language
    return found


@pytest.mark.parametrize("lang", sorted(catalogs()))
def test_every_catalog_parses_and_its_texts_are_well_formed(lang):
    language = catalogs()[lang]
    english = catalogs()[wording.DEFAULT_LANGUAGE]
    assert language.texts, f"{lang}: empty catalog"
    for key, value in language.texts.items():
        assert KEY_SHAPE.match(key), f"{lang}: {key!r} is not a dotted lower-case key"
        forms = value if isinstance(value, tuple) else (value,)
        for form in forms:
            assert form.strip(), f"{lang}: {key} has an empty text"
            fields = list(string.Formatter().parse(form))  # raises on a stray "{" or "}"
            for _, name, _spec, conversion in fields:
                if name is None:
                    continue
                assert name.isidentifier(), f"{lang}: {key}: placeholder {{{name}}} must be a name"
                assert conversion is None, f"{lang}: {key}: no !r/!s conversions in texts"
        assert key in english.texts, f"{lang}: {key} is not in the English catalog"
        assert wording.placeholders(value) == wording.placeholders(english.texts[key]), (
            f"{lang}: {key} uses other placeholders than the English text"
        )


def test_lookups_fill_placeholders_pick_plurals_and_fall_back_to_english():
    assert wording.text("button.more_about", role="Data Analytics") == "More about Data Analytics"
    assert wording.plural("privacy.reports", 1) == "1 counselor report"
    assert wording.plural("privacy.reports", 3) == "3 counselor reports"
    assert wording.plural("value.experience_years", 1.5) == "1.5 years of experience"
    assert wording.text("intake.skipped", lang="xx") == wording.text("intake.skipped"), (
        "unknown language: English"
    )
    with pytest.raises(wording.UnknownKey):
        wording.text("no.such_key")


def test_a_second_language_is_used_inside_its_block_and_falls_back_to_english(
    tmp_path, monkeypatch
):
    """How Hindi will plug in: a catalog per language, chosen once per turn."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    locales = tmp_path / "locales"
    (locales / "en" / "LC_MESSAGES").mkdir(parents=True)
    (locales / "en" / "LC_MESSAGES" / "careerpath.po").write_bytes(
        wording.catalog_path("en").read_bytes()
    )
    second = Catalog(locale="hi", domain="careerpath")
    second.add("button.more_about", "{role} के बारे में और")
    second.add(
        ("privacy.reports", "privacy.reports"), ("{count} काउंसलर रिपोर्ट", "{count} काउंसलर रिपोर्ट्स")
    )
    (locales / "hi" / "LC_MESSAGES").mkdir(parents=True)
    with (locales / "hi" / "LC_MESSAGES" / "careerpath.po").open("wb") as handle:
        write_po(handle, second)
    monkeypatch.setattr(wording, "LOCALES", locales)
    monkeypatch.setattr(wording, "_languages", {})

    assert wording.text("button.more_about", role="LPO") == "More about LPO"
    with wording.language("hi"):
        assert wording.current_language() == "hi"
        assert wording.text("button.more_about", role="LPO") == "LPO के बारे में और"
        assert (
            wording.plural("privacy.reports", 1) == "1 काउंसलर रिपोर्ट"
        )  # the file's Plural-Forms rule
        assert wording.plural("privacy.reports", 2) == "2 काउंसलर रिपोर्ट्स"
        assert wording.text("intake.skipped") == "No problem, let's skip that one.", (
            "untranslated: English"
        )
        assert wording.text("button.more_about", lang="en", role="LPO") == "More about LPO"
    assert wording.current_language() == "en"
    assert wording.text("button.more_about", role="LPO") == "More about LPO"
    test_every_catalog_parses_and_its_texts_are_well_formed("hi")  # the same checks hold for it
