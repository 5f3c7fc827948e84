"""NLU quality: 5-fold cross-validation and accuracy on the held-out messages.

Cross-validation runs ``rasa test nlu --cross-validation`` on a temporary copy of the
training data (slow: five trainings). The held-out file tests/nlu_holdout.yml is never
used for training; each of its messages is posted to the running CareerPath server's
/model/parse and the predicted intent compared with the label.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path

import aiohttp
import yaml

from bench.servers import RASA
from bench.training import _environment, _timed, copy_project
from harness.stack import PROJECT_ROOT

HOLDOUT_PATH = PROJECT_ROOT / "tests" / "nlu_holdout.yml"
# [text](entity), [text](entity:value), [text]{"entity": ...}
_ANNOTATION = re.compile(r"\[([^\]]+)\](\(([^)]*)\)|\{([^}]*)\})")


def _base_intent(name: str | None) -> str | None:
    """Retrieval intents (``ask_faq/fees``) count as their base intent."""
    return name.split("/")[0] if name else name


def parse_example(line: str) -> tuple[str, list[tuple[str, str]]]:
    """Plain text and the annotated (entity, surface text) pairs of one example line."""
    entities = []

    def strip(match: re.Match) -> str:
        surface = match.group(1)
        if match.group(3) is not None:
            entity = match.group(3).split(":")[0].strip()
        else:
            try:
                entity = json.loads("{" + match.group(4) + "}").get("entity", "")
            except ValueError:
                entity = ""
        entities.append((entity, surface))
        return surface

    return _ANNOTATION.sub(strip, line), entities


def read_holdout(path: Path = HOLDOUT_PATH) -> list[dict]:
    document = yaml.safe_load(path.read_text()) or {}
    examples = []
    for block in document.get("nlu", []):
        intent = block.get("intent")
        if not intent:
            continue
        for line in (block.get("examples") or "").splitlines():
            line = line.strip()
            if not line.startswith("- "):
                continue
            text, entities = parse_example(line[2:].strip())
            examples.append({"intent": intent, "text": text, "entities": entities})
    return examples


async def _parse_all(rasa_url: str, examples: list[dict], concurrency: int = 4) -> list[dict]:
    semaphore = asyncio.Semaphore(concurrency)
    timeout = aiohttp.ClientTimeout(total=60)

    async with aiohttp.ClientSession(timeout=timeout) as session:

        async def parse(example: dict) -> dict:
            async with (
                semaphore,
                session.post(f"{rasa_url}/model/parse", json={"text": example["text"]}) as response,
            ):
                return await response.json() if response.status == 200 else {}

        return await asyncio.gather(*(parse(example) for example in examples))


def holdout_accuracy(rasa_url: str, path: Path = HOLDOUT_PATH) -> dict:
    if not path.exists():
        return {"skipped": f"{path.relative_to(PROJECT_ROOT)} not found"}
    examples = read_holdout(path)
    parses = asyncio.run(_parse_all(rasa_url, examples))
    correct, fallbacks, per_intent, mistakes = 0, 0, {}, []
    entity_examples = entity_hits = 0
    for example, parsed in zip(examples, parses, strict=True):
        predicted = _base_intent((parsed.get("intent") or {}).get("name"))
        expected = _base_intent(example["intent"])
        tally = per_intent.setdefault(expected, {"examples": 0, "correct": 0})
        tally["examples"] += 1
        if predicted == expected:
            correct += 1
            tally["correct"] += 1
        else:
            fallbacks += predicted == "nlu_fallback"
            if len(mistakes) < 15:
                mistakes.append(
                    {"text": example["text"], "expected": expected, "predicted": predicted}
                )
        if example["entities"]:
            entity_examples += 1
            found = {
                (
                    entity.get("entity"),
                    (entity.get("value") if isinstance(entity.get("value"), str) else ""),
                )
                for entity in parsed.get("entities", [])
            }
            found_text = {
                (
                    entity.get("entity"),
                    parsed.get("text", "")[entity.get("start", 0) : entity.get("end", 0)].lower(),
                )
                for entity in parsed.get("entities", [])
            }
            entity_hits += all(
                (name, surface.lower()) in found_text or (name, surface) in found
                for name, surface in example["entities"]
            )
    return {
        "examples": len(examples),
        "intent_accuracy": round(correct / len(examples), 3) if examples else None,
        "predicted_nlu_fallback": fallbacks,
        "entity_examples": entity_examples,
        "entity_exact_match": round(entity_hits / entity_examples, 3) if entity_examples else None,
        "per_intent": {
            name: round(t["correct"] / t["examples"], 2) for name, t in sorted(per_intent.items())
        },
        "mistakes": mistakes,
    }


def _f1(report: dict) -> dict[str, float | None]:
    def pick(name: str) -> float | None:
        value = (report.get(name) or {}).get("f1-score")
        return round(value, 3) if isinstance(value, (int, float)) else None

    return {
        "weighted_f1": pick("weighted avg"),
        "macro_f1": pick("macro avg"),
        "micro_f1": pick("micro avg"),
        "accuracy": report.get("accuracy"),
    }


def cross_validation(workdir: Path, folds: int = 5) -> dict:
    project = copy_project(workdir / "crossval")
    out = workdir / "crossval-results"
    cache = workdir / "crossval-cache"
    cache.mkdir(exist_ok=True)
    run = _timed(
        [
            RASA,
            "test",
            "nlu",
            "--nlu",
            "data",
            "--config",
            "config.yml",
            "--cross-validation",
            "--folds",
            str(folds),
            "--out",
            str(out),
        ],
        project,
        _environment(cache),
        workdir / "crossval.log",
    )
    result = {"folds": folds, "seconds": run["seconds"], "ok": run["ok"], "out": str(out)}
    if not run["ok"]:
        result["error"] = run.get("error")
        return result
    intent_report = out / "intent_report.json"
    if intent_report.exists():
        result["intent"] = _f1(json.loads(intent_report.read_text()))
    entities = {}
    for report in sorted(out.glob("*_report.json")):
        if report.name in ("intent_report.json", "response_selection_report.json"):
            continue
        entities[report.name[: -len("_report.json")]] = _f1(json.loads(report.read_text()))
    result["entities"] = entities
    return result


def parse_latency(rasa_url: str, texts: list[str], rounds: int = 5) -> dict:
    """NLU alone: sequential /model/parse calls on the conversations' own turns (ms).

    Subtracted from the per-turn latency at 1 user, it shows how much of a turn is NLU and
    how much is dialogue, actions and the tracker store."""
    import time
    import urllib.request

    timings = []
    for _ in range(rounds):
        for text in texts:
            request = urllib.request.Request(
                f"{rasa_url}/model/parse",
                data=json.dumps({"text": text}).encode(),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            timings.append((time.perf_counter() - started) * 1000)
    from bench.load import percentile

    return {
        "calls": len(timings),
        "p50_ms": round(percentile(timings, 0.5), 1),
        "p95_ms": round(percentile(timings, 0.95), 1),
    }
