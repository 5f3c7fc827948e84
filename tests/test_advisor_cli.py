"""`python -m careerpath.advisor` run as a user would, in a subprocess, on a fresh SQLite file."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from careerpath.db.engine import PROJECT_ROOT

# About 1.5 s of CPU today; importing TensorFlow alone would add about 3 s.
MAX_CLI_CPU_SECONDS = 3.5


@pytest.fixture(scope="module")
def cli_env(tmp_path_factory):
    env = dict(os.environ)
    env["DATABASE_URL"] = f"sqlite:///{tmp_path_factory.mktemp('advisor_cli') / 'kb.db'}"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


def run_cli(env, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "careerpath.advisor", *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_roles_json_lists_all_26_role_types(cli_env):
    result = run_cli(cli_env, "roles", "--json")
    assert result.returncode == 0, result.stderr
    roles = json.loads(result.stdout)
    assert len(roles) == 26
    assert sum(role["track"] == "BPO" for role in roles) == 14
    assert sum(role["track"] == "KPO" for role in roles) == 12
    assert all(role["entry_roles"] and role["category_name"] for role in roles)
    assert {role["kind"] for role in roles} == {"function", "attribute"}


def test_roles_text_groups_by_track_and_category(cli_env):
    result = run_cli(cli_env, "roles")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.index("BPO - Business Process Outsourcing") < text.index(
        "KPO - Knowledge Process Outsourcing"
    )
    assert "BPO by business function" in text and "Emerging KPO" in text
    assert "• Legal Process Outsourcing (LPO): starts as" in text


def test_recommend_text_output(cli_env):
    result = run_cli(
        cli_env,
        "recommend",
        "--education",
        "B.Com graduate",
        "--skills",
        "Tally, MS Excel",
        "--goals",
        "stable job",
        "--top",
        "2",
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("You: ")
    assert "1. Finance and Accounting BPO (BPO)" in out
    assert "2. " in out and "3. " not in out
    assert "•" in out and "|" not in out
    # stderr may carry a database-build log line; nothing may be reported as not understood.
    assert "not recognised" not in result.stderr and "could not understand" not in result.stderr


def test_recommend_json_output_and_what_was_not_understood(cli_env):
    result = run_cli(
        cli_env,
        "recommend",
        "--education",
        "B.Tech computer science",
        "--skills",
        "Python, SQL, blorfing",
        "--goals",
        "high salary",
        "--preferences",
        "day shift",
        "--experience",
        "fresher",
        "--json",
        "--top",
        "3",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"profile", "summary", "recommendations", "prerequisites", "notes"}
    assert data["profile"]["degree"] == "btech"
    assert data["profile"]["skills"][:2] == ["python", "sql"]
    assert len(data["recommendations"]) == 3
    assert data["recommendations"][0]["role_type"] == "data_analytics_science_kpo"
    assert data["summary"]["preferred_track"] == "KPO"
    assert "blorfing" in result.stderr


def test_recommend_reports_an_argument_it_cannot_read(cli_env):
    result = run_cli(cli_env, "recommend", "--education", "zzqx", "--skills", "typing", "--json")
    assert result.returncode == 0
    assert "--education" in result.stderr
    data = json.loads(result.stdout)
    assert data["recommendations"] and data["prerequisites"], "asks for education, still answers"


def test_tenth_pass_from_the_command_line(cli_env):
    result = run_cli(
        cli_env, "recommend", "--education", "10th pass", "--skills", "typing", "--json"
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert any("12th" in step for step in data["prerequisites"])
    assert all(rec["fit"] == "stretch" for rec in data["recommendations"])


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["recommend", "--top", "0"],
        ["recommend", "--top", "many"],
        ["unknown-command"],
    ],
)
def test_bad_usage_exits_with_2(cli_env, args):
    result = run_cli(cli_env, *args)
    assert result.returncode == 2
    assert "usage" in result.stderr.lower()


def test_recommend_answers_without_tensorflow_and_quickly(cli_env):
    """The CLI loads spaCy but not TensorFlow (thinc would import it: ~3 s more CPU). CPU time,
    not wall time, is bounded: the test machine may be busy with other work."""
    code = (
        "import runpy, sys\n"
        "sys.argv = ['careerpath.advisor', 'recommend', '--education', 'B.Com',\n"
        "            '--skills', 'Tally']\n"
        "try:\n    runpy.run_module('careerpath.advisor', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as stop:\n    assert stop.code == 0, stop.code\n"
        "assert 'tensorflow' not in sys.modules, 'TensorFlow was imported'\n"
    )
    run_cli(cli_env, "roles")  # the knowledge base is built before the timed run
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        env=cli_env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == 0, result.stderr
    assert "1. Finance and Accounting BPO (BPO)" in result.stdout
    cpu_seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert cpu_seconds < MAX_CLI_CPU_SECONDS, f"{cpu_seconds:.1f} s of CPU"
