"""Replies quote the user's words briefly: a pasted wall of text is never sent back whole."""

from __future__ import annotations

from careerpath.conversation import intake, questions


def test_echo_keeps_short_words_and_cuts_long_ones():
    assert intake.echo("B.Com") == "B.Com"
    long = "x" * 2100
    cut = intake.echo(long)
    assert len(cut) == intake.ECHO_CHARS and cut.endswith("…")
    assert intake.echo("  many   spaces\nand lines ") == "many spaces and lines"


def test_an_unknown_answer_is_never_quoted_back(tmp_path):
    from tests.kb_support import throwaway_knowledge_base

    word = "q" * 2100
    with throwaway_knowledge_base(tmp_path) as (_, kb):
        asked = questions.question(
            "education", kb, {"slot": "education", "count": 1, "unrecognised": [word]}
        )
    assert "qqq" not in asked.text  # what helps is said instead, with an example
    assert "12th pass" in asked.text and len(asked.text) < 600
