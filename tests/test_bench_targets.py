"""How the benchmark judges its targets: pass / fail against the limit, in the right
direction, and 'not measured' when a figure is missing (no servers needed)."""

from bench.targets import TARGETS, compute_targets


def level(users: int, messages_per_s: float, p50_ms: float) -> dict:
    return {"users": users, "messages_per_s": messages_per_s, "p50_ms": p50_ms}


def results(careerpath_rss_mb=None, cold_start_s=None, cli_s=None) -> dict:
    return {
        "conversations": {
            "stock": {"levels": [level(1, 10.0, 30.0), level(20, 30.0, 90.0)]},
            "careerpath": {"levels": [level(1, 20.0, 36.0), level(20, 75.0, 40.0)]},
        },
        "servers": {"careerpath": {"peak_rss_mb": {"actions": careerpath_rss_mb}}},
        "footprint": {
            "action_server": {"median_s": cold_start_s},
            "advisor_cli": {"median_s": cli_s},
        },
    }


def test_ratios_against_the_stock_bot_of_the_same_run():
    targets = compute_targets(results())
    assert targets["throughput_ratio_20_users"]["value"] == 2.5
    assert targets["throughput_ratio_20_users"]["status"] == "pass"
    assert targets["p50_ratio_1_user"]["value"] == 1.2  # slower than stock at one user
    assert targets["p50_ratio_1_user"]["status"] == "fail"


def test_library_process_limits_pass_at_the_limit_and_fail_above_it():
    at_limit = compute_targets(results(careerpath_rss_mb=250.0, cold_start_s=2.0, cli_s=1.5))
    above = compute_targets(results(careerpath_rss_mb=590.0, cold_start_s=3.6, cli_s=4.0))
    for name in ("actions_peak_rss_mb", "actions_cold_start_s", "advisor_cli_s"):
        assert at_limit[name]["status"] == "pass", name
        assert above[name]["status"] == "fail", name


def test_missing_figures_are_not_measured_rather_than_failed():
    targets = compute_targets({})
    assert set(targets) == set(TARGETS)
    assert {target["status"] for target in targets.values()} == {"not measured"}
