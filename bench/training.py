"""Training time: cold, then after an NLU-only and a stories-only change (Rasa's cache).

Everything happens in a temporary copy of data/, domain.yml and config.yml with its own
cache folder (RASA_CACHE_DIRECTORY, see rasa/engine/caching.py), so the project's model
and cache are never touched. The stock assistant is timed through ``rasa init --no-prompt``,
which scaffolds the project and trains it with the default config.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

from bench import procs
from bench.servers import RASA
from harness.stack import PROJECT_ROOT

TRAIN_TIMEOUT_S = 1800

# Appended as a new file: an NLU-only change (one more greeting).
EXTRA_NLU = """version: "3.1"
nlu:
  - intent: greet
    examples: |
      - hello careerpath, good evening
"""

# A new story made only of existing rules' steps, so it cannot contradict them.
EXTRA_STORY = """version: "3.1"
stories:
  - story: bench - greet, thank and leave
    steps:
      - intent: greet
      - action: utter_greet
      - intent: thank
      - action: utter_you_are_welcome
      - intent: goodbye
      - action: utter_goodbye
"""


def _environment(cache_dir: Path) -> dict[str, str]:
    # The temp copy has no actions/ package: custom NLU components in config.yml
    # (careerpath_rasa.nlu....) are imported from the project itself.
    python_path = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))
    return dict(
        os.environ,
        RASA_CACHE_DIRECTORY=str(cache_dir),
        TF_CPP_MIN_LOG_LEVEL="2",
        RASA_TELEMETRY_ENABLED="false",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=python_path,
    )


def _timed(args, cwd: Path, env: dict[str, str], log: Path) -> dict:
    started = time.monotonic()
    with log.open("ab") as output:
        process = subprocess.Popen(args, cwd=cwd, env=env, stdout=output, stderr=subprocess.STDOUT)
        procs.remember(process.pid)
        try:
            returncode = process.wait(timeout=TRAIN_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            process.kill()
            returncode = process.wait()
    result = {"seconds": round(time.monotonic() - started, 1), "ok": returncode == 0}
    if returncode != 0:
        result["error"] = f"exit {returncode}, see {log}"
    return result


def copy_project(target: Path, config: Path | None = None) -> Path:
    """data/, domain.yml and config.yml (or a variant config) copied into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(PROJECT_ROOT / "data", target / "data", dirs_exist_ok=True)
    shutil.copy(PROJECT_ROOT / "domain.yml", target / "domain.yml")
    shutil.copy(config or PROJECT_ROOT / "config.yml", target / "config.yml")
    return target


def train(project: Path, cache_dir: Path, log: Path, name: str = "careerpath") -> dict:
    return _timed(
        [RASA, "train", "--fixed-model-name", name, "--out", "models"],
        project,
        _environment(cache_dir),
        log,
    )


def careerpath_training(workdir: Path) -> dict:
    """Cold training, then retraining after an NLU-only and a stories-only change."""
    project = copy_project(workdir / "careerpath")
    cache = workdir / "careerpath-cache"
    cache.mkdir()
    log = workdir / "careerpath-train.log"
    results = {"cold": train(project, cache, log)}
    results["model"] = str(project / "models" / "careerpath.tar.gz")
    (project / "data" / "nlu" / "bench_extra.yml").write_text(EXTRA_NLU)
    results["nlu_change"] = train(project, cache, log)
    stories = project / "data" / "stories"
    stories.mkdir(exist_ok=True)
    (stories / "bench_extra.yml").write_text(EXTRA_STORY)
    results["stories_change"] = train(project, cache, log)
    results["log"] = str(log)
    return results


def stock_init_and_train(workdir: Path) -> dict:
    """``rasa init --no-prompt`` in an empty folder with an empty cache: scaffold + train."""
    project = workdir / "stock"
    project.mkdir(parents=True)
    cache = workdir / "stock-cache"
    cache.mkdir()
    log = workdir / "stock-init.log"
    result = _timed(
        [RASA, "init", "--no-prompt", "--init-dir", str(project)], workdir, _environment(cache), log
    )
    models = sorted((project / "models").glob("*.tar.gz")) if (project / "models").exists() else []
    result["project"] = str(project)
    result["model"] = str(models[-1]) if models else None
    result["log"] = str(log)
    return result
