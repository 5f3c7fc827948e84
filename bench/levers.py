"""The speed levers: what CareerPath's config chooses versus the stock assistant, and the
ablation variants that undo one lever at a time."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from harness.stack import PROJECT_ROOT

# What `rasa init` leaves to the default recipe (pipeline and policies are empty in its
# config.yml, so Rasa 3.6 fills in these).
STOCK_PIPELINE = [
    "WhitespaceTokenizer",
    "RegexFeaturizer",
    "LexicalSyntacticFeaturizer",
    "CountVectorsFeaturizer",
    "CountVectorsFeaturizer(char_wb 1-4)",
    "DIETClassifier(epochs=100)",
    "EntitySynonymMapper",
    "ResponseSelector(epochs=100)",
    "FallbackClassifier(0.3)",
]
STOCK_POLICIES = [
    "MemoizationPolicy",
    "RulePolicy",
    "UnexpecTEDIntentPolicy(epochs=100)",
    "TEDPolicy(epochs=100)",
]

INTENT_CLASSIFIERS = ("LinearIntentClassifier", "LogisticRegressionClassifier")
REDIS_DB = 7  # a database number no other part of the project uses
REDIS_PREFIX = "careerpath_bench"


def _describe(component: dict) -> str:
    name = component.get("name", "?")
    epochs = component.get("epochs")
    return f"{name}(epochs={epochs})" if epochs else name


def read_config(path: Path = PROJECT_ROOT / "config.yml") -> dict:
    return yaml.safe_load(path.read_text()) or {}


def _endpoint_type(endpoints: dict, key: str, default: str) -> str:
    section = endpoints.get(key)
    if not section:
        return default
    return str(section.get("type") or section.get("dialect") or "configured")


def levers() -> list[dict]:
    """Each lever: what CareerPath chose, what the stock assistant does, why it matters."""
    config = read_config()
    pipeline = [_describe(component) for component in config.get("pipeline") or []]
    policies = [_describe(component) for component in config.get("policies") or []]
    endpoints_path = PROJECT_ROOT / "endpoints.yml"
    endpoints = yaml.safe_load(endpoints_path.read_text()) if endpoints_path.exists() else {}
    endpoints = endpoints or {}
    neural = [
        name
        for name in pipeline + policies
        if name.split("(")[0]
        in ("DIETClassifier", "ResponseSelector", "TEDPolicy", "UnexpecTEDIntentPolicy")
    ]
    return [
        {
            "lever": "NLU intent classifier",
            "careerpath": ", ".join(
                name.split(".")[-1] for name in pipeline if "Classifier" in name
            )
            or "-",
            "stock": "DIETClassifier(epochs=100), ResponseSelector(epochs=100), FallbackClassifier",
            "effect": (
                "a linear model over sparse features: no TensorFlow graph per message, "
                "seconds to train; LinearIntentClassifier = Rasa's logistic regression saved "
                "as arrays, not skops (ablation rasa_logreg; training table)"
            ),
        },
        {
            "lever": "Dialogue policies",
            "careerpath": ", ".join(policies) or "-",
            "stock": ", ".join(STOCK_POLICIES),
            "effect": (
                "rules + memoization decide each turn by lookup; no TED/UnexpecTED inference "
                "per action"
            ),
        },
        {
            "lever": "Neural components (TensorFlow) in the model",
            "careerpath": ", ".join(neural) or "none",
            "stock": "DIETClassifier, ResponseSelector, UnexpecTEDIntentPolicy, TEDPolicy",
            "effect": (
                "each one costs CPU per turn (and per predicted action for the policies) and "
                "minutes of training (ablation stock_ml)"
            ),
        },
        {
            "lever": "Tracker store (bench run)",
            "careerpath": _endpoint_type(
                endpoints, "tracker_store", "SQL (SQLite) from harness.stack.RasaStack"
            ),
            "stock": "in memory (its endpoints.yml configures none)",
            "effect": (
                "CareerPath persists every turn, the stock bot does not; ours = Rasa's SQL "
                "store with plain statements, pooled WAL connections, no recount before a "
                "save (ablation rasa_sql_tracker_store)"
            ),
        },
        {
            "lever": "Rasa-side speedups (careerpath_rasa/patches/speedups.py)",
            "careerpath": "on"
            if os.environ.get("CAREERPATH_RASA_SPEEDUPS", "1") not in ("0", "false", "off")
            else "off",
            "stock": "n/a (Rasa as shipped)",
            "effect": (
                "action responses checked against one schema branch per event, event classes "
                "remembered, keep-alive connections to the action server (ablation "
                "speedups_off)"
            ),
        },
        {
            "lever": "Lock store / SANIC_WORKERS",
            "careerpath": f"{_endpoint_type(endpoints, 'lock_store', 'in memory')}, "
            f"SANIC_WORKERS={os.environ.get('SANIC_WORKERS', '1 (default)')}; the "
            "'2 Rasa workers' row: Redis lock store, SANIC_WORKERS=2",
            "stock": "in memory, 1 worker",
            "effect": (
                "one Rasa process uses one core; a second worker (Rasa allows it only with a "
                "Redis lock store) uses the other one"
            ),
        },
        {
            "lever": "Action server",
            "careerpath": "rasa-sdk, ACTION_SERVER_SANIC_WORKERS="
            f"{os.environ.get('ACTION_SERVER_SANIC_WORKERS', '1 (default)')}; knowledge base "
            "read once per process (load_catalog cache), no per-turn KB queries",
            "stock": "none (no custom actions)",
            "effect": (
                "CareerPath does more work per turn: form validation, extraction, ranking in "
                "the action server (ablation action_workers_2)"
            ),
        },
    ]


@dataclass
class Variant:
    """CareerPath with one lever undone, run at one load level for the ablation."""

    name: str
    description: str
    config: dict | None = None  # a config.yml to train; None = the project's model
    extra_env: dict[str, str] = field(default_factory=dict)
    endpoints_text: str | None = None


def stock_ml_config() -> dict:
    """CareerPath's config with the stock bot's neural classifier and policies put back."""
    config = read_config()
    pipeline = []
    for component in config.get("pipeline") or []:
        if _is_intent_classifier(component):
            pipeline.append({"name": "DIETClassifier", "epochs": 100, "random_seed": 42})
        else:
            pipeline.append(component)
    policies = [
        component
        for component in config.get("policies") or []
        if component.get("name") not in ("TEDPolicy", "UnexpecTEDIntentPolicy")
    ]
    policies += [
        {"name": "UnexpecTEDIntentPolicy", "max_history": 5, "epochs": 100},
        {"name": "TEDPolicy", "max_history": 5, "epochs": 100, "constrain_similarities": True},
    ]
    return {**config, "pipeline": pipeline, "policies": policies}


def _is_intent_classifier(component: dict) -> bool:
    return str(component.get("name", "")).split(".")[-1] in INTENT_CLASSIFIERS


def rasa_logreg_config() -> dict:
    """CareerPath's config with Rasa's own LogisticRegressionClassifier (same settings)."""
    config = read_config()
    pipeline = [
        {**component, "name": "LogisticRegressionClassifier"}
        if _is_intent_classifier(component)
        else component
        for component in config.get("pipeline") or []
    ]
    return {**config, "pipeline": pipeline}


REDIS_LOCK_STORE = (
    "lock_store:\n"
    "  type: redis\n"
    "  url: 127.0.0.1\n"
    "  port: 6379\n"
    f"  db: {REDIS_DB}\n"
    f"  key_prefix: {REDIS_PREFIX}\n"
)


def _redis_endpoints(lock_store: bool) -> str:
    text = (
        "action_endpoint:\n"
        '  url: "{actions_url}/webhook"\n'
        "tracker_store:\n"
        "  type: redis\n"
        "  url: 127.0.0.1\n"
        "  port: 6379\n"
        f"  db: {REDIS_DB}\n"
        f"  key_prefix: {REDIS_PREFIX}\n"
        "  record_exp: 900\n"
    )
    return text + (REDIS_LOCK_STORE if lock_store else "")


VARIANTS = {
    "stock_ml": Variant(
        "stock_ml",
        "CareerPath data with DIET(100) instead of logistic regression and TED + UnexpecTED "
        "(100 epochs) added to the policies, as in the stock default config",
        config=None,
    ),  # filled in lazily (reads config.yml)
    "speedups_off": Variant(
        "speedups_off",
        "CAREERPATH_RASA_SPEEDUPS=0: Rasa's own response validation, event class lookup and "
        "one new connection per action call (careerpath_rasa/patches/speedups.py off)",
        extra_env={"CAREERPATH_RASA_SPEEDUPS": "0"},
    ),
    "rasa_sql_tracker_store": Variant(
        "rasa_sql_tracker_store",
        "Rasa's SQLTrackerStore on the same SQLite file instead of ours (ORM queries, "
        "a count before each save, a new connection per query, rollback journal)",
        endpoints_text="",
    ),  # "" = harness.stack.RasaStack's default: type SQL, SQLite
    "rasa_logreg": Variant(
        "rasa_logreg",
        "Rasa's LogisticRegressionClassifier (skops files, per-message stacking) instead of "
        "LinearIntentClassifier; same model",
        config=None,
    ),
    "action_workers_2": Variant(
        "action_workers_2",
        "ACTION_SERVER_SANIC_WORKERS=2: two action server processes",
        extra_env={"ACTION_SERVER_SANIC_WORKERS": "2"},
    ),
    "redis_tracker": Variant(
        "redis_tracker",
        "Redis tracker store instead of SQLite (1 Rasa worker)",
        endpoints_text=_redis_endpoints(lock_store=False),
    ),
}


def variant(name: str) -> Variant:
    chosen = VARIANTS[name]
    if chosen.config is None:
        chosen.config = {"stock_ml": stock_ml_config, "rasa_logreg": rasa_logreg_config}.get(
            name, lambda: None
        )()
    return chosen
