"""The benchmark's quick code paths against the session stack: `make bench QUICK=1` minus
the server start-up. Checks that the reports are written and well formed, never a number
(the shared machine makes timings too noisy to fail a test on)."""

import json

import pytest

from bench.measure import Limits, quick_measurements
from bench.report import write_reports

pytestmark = pytest.mark.e2e

SMOKE_LIMITS = Limits(max_seconds=20, conversations_per_user=1, min_conversations=1)


@pytest.fixture(scope="module")
def smoke_reports(rasa_stack, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("bench")
    results = quick_measurements(
        rasa_stack.rest_url,
        rasa_stack.rasa_url,
        workdir,
        users=(1, 3),
        limits=SMOKE_LIMITS,
        actions_pid=rasa_stack.processes["actions"].pid,
        footprint_runs=1,
    )
    paths = write_reports(results, workdir / "results")
    return json.loads(paths["json"].read_text()), paths["markdown"].read_text()


def test_every_load_level_replayed_conversations_without_transport_errors(smoke_reports):
    results, _ = smoke_reports
    levels = results["conversations"]["careerpath"]["levels"]
    assert [level["users"] for level in levels] == [1, 3]
    for level in levels:
        assert level["errors"] == 0, level["error_samples"]
        assert level["conversations_completed"] >= 1
        assert level["turns"] >= 8 * level["conversations_completed"]
        assert level["messages_per_s"] > 0
        assert level["p50_ms"] <= level["p95_ms"] <= level["p99_ms"] <= level["max_ms"]


def test_advisor_and_holdout_measurements_are_reported(smoke_reports):
    results, _ = smoke_reports
    assert results["advisor"]["profiles"] > 0
    assert results["advisor"]["recommendations_per_s"] > 0
    holdout = results["nlu"]["holdout"]
    assert holdout["examples"] > 0
    assert 0.0 <= holdout["intent_accuracy"] <= 1.0


def test_action_server_start_and_advisor_cli_are_timed_in_fresh_processes(smoke_reports):
    results, _ = smoke_reports
    server = results["footprint"]["action_server"]
    assert server["runs"] == 1
    assert 0 < server["median_s"] <= server["max_s"]
    assert server["peak_rss_mb_at_health"] > 0
    # the first action call (a knowledge-base question) is answered, after /health
    assert server["first_action_median_s"] >= server["median_s"]
    assert server["peak_rss_mb_after_first_action"] >= server["peak_rss_mb_at_health"]
    assert isinstance(server["tensorflow_loaded"], bool)
    cli = results["footprint"]["advisor_cli"]
    assert cli["command"].startswith("python -m careerpath.advisor recommend")
    assert 0 < cli["median_s"] <= cli["max_s"]
    assert cli["modules_loaded"] > 0
    assert isinstance(cli["tensorflow_loaded"], bool)
    facts = results["servers"]["careerpath"]
    assert facts["peak_rss_mb"]["actions"] > 0
    assert isinstance(facts["tensorflow_loaded"]["actions"], bool)


FOOTPRINT_TARGETS = {"actions_peak_rss_mb", "actions_cold_start_s", "advisor_cli_s"}
STOCK_AND_TRAINING_TARGETS = {
    "throughput_ratio_20_users",
    "throughput_ratio_20_users_2_workers",
    "p50_ratio_1_user",
    "training_cold_s",
    "training_nlu_change_s",
}


def test_targets_are_judged_when_measured_and_marked_not_measured_otherwise(smoke_reports):
    results, _ = smoke_reports
    targets = results["targets"]
    assert set(targets) == FOOTPRINT_TARGETS | STOCK_AND_TRAINING_TARGETS
    for name in STOCK_AND_TRAINING_TARGETS:  # the quick run has no stock bot and no training
        assert targets[name]["status"] == "not measured"
        assert targets[name]["value"] is None
    for name in FOOTPRINT_TARGETS:
        assert targets[name]["value"] > 0
        assert targets[name]["status"] in ("pass", "fail")


def test_markdown_report_has_the_tables(smoke_reports):
    _, markdown = smoke_reports
    for heading in (
        "## Targets",
        "## Conversations (REST channel)",
        "## Advisor",
        "## Library processes (fresh starts)",
        "## Cold start and memory",
        "## NLU",
        "## Levers",
    ):
        assert heading in markdown
    assert "| CareerPath | 1 |" in markdown and "| CareerPath | 3 |" in markdown
