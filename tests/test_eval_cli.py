"""``python -m evaluation``: a measurement exits 0; ``--check`` exits 1 below the targets.

The servers are replaced by canned turns (``play_all`` is the only part that talks to them),
so this runs in a second and still goes through corpus loading, scoring and the report.
"""

from __future__ import annotations

import json

from evaluation import __main__ as cli
from evaluation.scoring import SCRIPT, TurnRecord

ITEM = "faq-kpo-meaning-typo"  # "wat is kpo" in the tuning part


def canned(reply: str):
    def play_all(dialogues, channel, workers, progress):
        assert [d.id for d in dialogues] == [ITEM]
        records = [
            TurnRecord(d.turns[0].text, [{"text": reply}], phase=SCRIPT, script_index=0)
            for d in dialogues
        ]
        return [(dialogues[0], records, True, 0.1)]

    return play_all


def test_a_missed_target_fails_only_with_check(tmp_path, monkeypatch):
    monkeypatch.setattr(cli, "play_all", canned("Sorry, I didn't get that."))
    arguments = ["--rasa-url", "http://127.0.0.1:9", "--only", ITEM, "--out", str(tmp_path)]
    assert cli.main(arguments) == 0
    assert cli.main(arguments + ["--check"]) == 1
    report = json.loads((tmp_path / "report.json").read_text())
    assert report["overall"]["questions_missed"] == 1
    assert ITEM in (tmp_path / "report.md").read_text()


def test_met_targets_pass_the_check(tmp_path, monkeypatch):
    answer = (
        "KPO stands for Knowledge Process Outsourcing. A company hands work that needs "
        "expert knowledge and judgement to outside specialists."
    )
    monkeypatch.setattr(cli, "play_all", canned(answer))
    arguments = ["--rasa-url", "http://127.0.0.1:9", "--only", ITEM, "--out", str(tmp_path)]
    assert cli.main(arguments + ["--check"]) == 0
