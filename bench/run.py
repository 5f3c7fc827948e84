"""The benchmark run: which phases run in which order, full or quick (smoke).

Order matters on a shared 2-core machine: phases run one after another, never two servers
under load at once. CareerPath and the stock bot are measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bench import procs
from bench.advisor import advisor_benchmark
from bench.breakdown import turn_breakdown
from bench.conversations import (
    CAREERPATH_CONVERSATIONS,
    STOCK_CONVERSATIONS,
)
from bench.footprint import measure_footprint
from bench.levers import REDIS_LOCK_STORE, levers, variant
from bench.measure import (
    FULL_LIMITS,
    Limits,
    careerpath_setup_text,
    log,
    measure_conversations,
    measure_level,
    process_facts,
    quick_measurements,
    run_meta,
    warm_up,
)
from bench.nlu import cross_validation, holdout_accuracy, parse_latency
from bench.report import write_reports
from bench.servers import CareerPathServers, StockServer
from bench.training import careerpath_training, copy_project, stock_init_and_train, train
from harness.stack import MODEL_PATH, PROJECT_ROOT

RESULTS_DIR = PROJECT_ROOT / "bench" / "results"


@dataclass
class Options:
    quick: bool = False
    users: Sequence[int] = (1, 20, 50)
    limits: Limits = FULL_LIMITS
    stock: bool = True
    training: bool = True
    crossval: bool = True
    two_workers: bool = True  # also measure CareerPath with SANIC_WORKERS=2 + Redis lock store
    ablation: Sequence[str] = (
        "stock_ml",
        "speedups_off",
        "rasa_sql_tracker_store",
        "rasa_logreg",
        "action_workers_2",
        "redis_tracker",
    )
    ablation_users: int = 20
    advisor_seconds: float = 10
    footprint_runs: int = 5  # cold starts of the action server, runs of the advisor CLI
    stock_project: Path | None = None  # reuse an already trained `rasa init` folder
    out_dir: Path = RESULTS_DIR
    keep_temp: bool = False


class BenchRun:
    def __init__(self, options: Options):
        self.options = options
        self.workdir = Path(tempfile.mkdtemp(prefix="careerpath-bench-"))
        meta = run_meta("quick" if options.quick else "full", options.users, options.limits)
        self.results: dict = {"meta": {**meta, "workdir": str(self.workdir)}}
        self.missing: list[str] = []

    # ---- phases ---------------------------------------------------------------------
    def _phase(self, name: str, function, *args):
        log(name)
        try:
            return function(*args)
        except Exception as error:  # noqa: BLE001 - a failed phase is reported, the others still run
            log(f"{name} FAILED: {error}")
            (self.workdir / "errors.log").open("a").write(f"--- {name}\n{traceback.format_exc()}\n")
            self.missing.append(f"{name}: failed ({type(error).__name__}: {str(error)[:300]})")
            return None

    def quick(self) -> None:
        servers = CareerPathServers(
            self.workdir / "careerpath-stack", self._careerpath_model()
        ).start()
        try:
            quick = quick_measurements(
                servers.rest_url,
                servers.rasa_url,
                self.workdir,
                self.options.users,
                self.options.limits,
                servers.stack.endpoints_text,
            )
            quick.pop("meta")
            self.results.update(quick)
            self.results["servers"] = {"careerpath": self._server_facts(servers)}
        finally:
            servers.stop()

    def footprint(self) -> None:
        self.results["footprint"] = measure_footprint(self.workdir, self.options.footprint_runs)

    def advisor(self) -> None:
        seconds = 2 if self.options.quick else self.options.advisor_seconds
        self.results["advisor"] = advisor_benchmark(
            self.workdir, seconds, 200 if self.options.quick else 20000
        )

    def training(self) -> None:
        training = self.results.setdefault("training", {})
        if self.options.stock and self.options.stock_project is None:
            log("  stock: rasa init --no-prompt")
            training["stock"] = stock_init_and_train(self.workdir)
        log("  CareerPath: cold, NLU-only change, stories-only change")
        training["careerpath"] = careerpath_training(self.workdir)

    def _stock_model(self) -> Path | None:
        if self.options.stock_project:
            models = sorted((self.options.stock_project / "models").glob("*.tar.gz"))
            return models[-1] if models else None
        stock = (self.results.get("training") or {}).get("stock") or {}
        if stock.get("model"):
            return Path(stock["model"])
        log("  stock: rasa init --no-prompt (not timed as part of the training phase)")
        stock = stock_init_and_train(self.workdir)
        self.results.setdefault("training", {})["stock"] = stock
        return Path(stock["model"]) if stock.get("model") else None

    def _start_stock(self) -> StockServer:
        model = self._stock_model()
        if model is None:
            raise RuntimeError("the stock assistant has no trained model")
        return StockServer(project=model.parent.parent, model=model).start()

    def _start_careerpath(self) -> CareerPathServers:
        return CareerPathServers(
            self.workdir / "careerpath-stack", self._careerpath_model()
        ).start()

    def _start_careerpath_two_workers(self) -> CareerPathServers:
        """The same project setup with two Sanic workers, which Rasa allows only with a
        lock store shared between processes (Redis)."""
        from harness.services import ensure_redis

        ensure_redis()
        return CareerPathServers(
            self.workdir / "careerpath-2-workers",
            self._careerpath_model(),
            extra_env={"SANIC_WORKERS": "2"},
            extra_endpoints=REDIS_LOCK_STORE,
        ).start()

    @staticmethod
    def _server_facts(server: CareerPathServers | StockServer) -> dict:
        return process_facts(server.pids(), server.cold_start)

    def conversations(self) -> None:
        """Both bots up at once, load levels alternating stock / CareerPath, so that a busy
        neighbour on the shared machine slows both alike rather than one of them."""
        stock = (
            self._phase("start the stock server", self._start_stock) if self.options.stock else None
        )
        careerpath = self._phase("start the CareerPath servers", self._start_careerpath)
        two_workers = (
            self._phase("start CareerPath with 2 Rasa workers", self._start_careerpath_two_workers)
            if self.options.two_workers
            else None
        )
        if not self.options.two_workers:
            self.missing.append("CareerPath with 2 Rasa workers (--no-two-workers)")
        bots = []
        if stock is not None:
            bots.append(
                (
                    "stock",
                    stock,
                    STOCK_CONVERSATIONS,
                    False,
                    "stock (rasa init)",
                    f"rasa run alone, default config, in-memory tracker store, "
                    f"{len(STOCK_CONVERSATIONS)} mood conversations of 6 turns",
                )
            )
        if careerpath is not None:
            bots.append(
                (
                    "careerpath",
                    careerpath,
                    CAREERPATH_CONVERSATIONS,
                    True,
                    "CareerPath",
                    careerpath_setup_text(careerpath.stack.endpoints_text),
                )
            )
        if two_workers is not None:
            bots.append(
                (
                    "careerpath_2_workers",
                    two_workers,
                    CAREERPATH_CONVERSATIONS,
                    True,
                    "CareerPath, 2 Rasa workers",
                    "as CareerPath, plus SANIC_WORKERS=2 and a Redis lock store (Rasa's condition "
                    "for "
                    "more than one worker); same SQLite tracker store",
                )
            )
        try:
            for name, server, scripts, *_ in bots:
                warm_up(server.rest_url, scripts, name)
            levels: dict[str, list[dict]] = {name: [] for name, *_ in bots}
            for count in self.options.users:
                for name, server, scripts, check_goal, *_ in bots:
                    levels[name].append(
                        measure_level(
                            server.rest_url,
                            scripts,
                            count,
                            self.options.limits,
                            check_goal,
                            name,
                            label=f"{name}: ",
                        )
                    )
            for name, server, scripts, _, label, setup in bots:
                entry = {"label": label, "setup": setup, "levels": levels[name]}
                if name in ("stock", "careerpath"):  # the 2-worker row runs the same model
                    entry["nlu_parse"] = self._phase(
                        f"{name}: /model/parse latency",
                        parse_latency,
                        server.rasa_url,
                        [turn for script in scripts for turn in script.turns],
                    )
                    entry["turn_breakdown"] = self._phase(
                        f"{name}: per-action time from tracker timestamps",
                        turn_breakdown,
                        server.rest_url,
                        server.rasa_url,
                        scripts,
                        name,
                    )
                self.results.setdefault("conversations", {})[name] = entry
                self.results.setdefault("servers", {})[name] = self._server_facts(server)
            if careerpath is not None:
                self.results.setdefault("nlu", {})["holdout"] = self._phase(
                    "NLU held-out accuracy (/model/parse)", holdout_accuracy, careerpath.rasa_url
                )
        finally:
            for _, server, *_ in bots:
                server.stop()

    def _careerpath_model(self) -> Path:
        if MODEL_PATH.exists():
            return MODEL_PATH
        trained = Path(
            ((self.results.get("training") or {}).get("careerpath") or {}).get(
                "model", "/nonexistent"
            )
        )
        if trained.exists():
            self.missing.append(
                "models/careerpath.tar.gz did not exist: the conversations used the model the "
                "training benchmark produced in its temp copy"
            )
            return trained
        raise RuntimeError("no CareerPath model: run `make train` first")

    def ablation(self) -> None:
        users = self.options.ablation_users
        ablation = self.results.setdefault("ablation", {"users": users, "variants": {}})
        for name in self.options.ablation:
            chosen = variant(name)
            entry = ablation["variants"].setdefault(name, {"description": chosen.description})
            log(f"  variant {name}: {chosen.description}")
            try:
                model = MODEL_PATH
                if chosen.config is not None:
                    model = self._train_variant(name, chosen.config)
                servers = CareerPathServers(
                    self.workdir / f"variant-{name}",
                    model,
                    extra_env=chosen.extra_env,
                    endpoints_text=chosen.endpoints_text,
                ).start()
                try:
                    entry["level"] = measure_conversations(
                        servers.rest_url,
                        CAREERPATH_CONVERSATIONS,
                        [users],
                        self.options.limits,
                        True,
                        f"variant-{name}",
                    )[0]
                    entry.update(self._server_facts(servers))
                finally:
                    servers.stop()
            except Exception as error:  # noqa: BLE001 - one failed variant does not stop the others
                entry["error"] = f"{type(error).__name__}: {str(error)[:300]}"
                log(f"  variant {name} FAILED: {entry['error']}")

    def _train_variant(self, name: str, config: dict) -> Path:
        project = copy_project(self.workdir / f"variant-{name}-project")
        (project / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
        cache = self.workdir / f"variant-{name}-cache"
        cache.mkdir(exist_ok=True)
        run = train(project, cache, self.workdir / f"variant-{name}-train.log")
        self.results.setdefault("training", {}).setdefault("variants", {})[name] = run
        if not run["ok"]:
            raise RuntimeError(f"training the {name} variant failed: {run.get('error')}")
        return project / "models" / "careerpath.tar.gz"

    def crossval(self) -> None:
        self.results.setdefault("nlu", {})["cross_validation"] = cross_validation(self.workdir)

    # ---- the whole run ----------------------------------------------------------------
    def run(self) -> dict[str, Path]:
        options = self.options
        started = time.monotonic()
        before = procs.cpu_snapshot()
        if not options.quick:  # quick_measurements times the advisor and the footprint itself
            self._phase("advisor", self.advisor)
            self._phase("action server cold start and advisor CLI", self.footprint)
        if options.quick:
            self._phase("CareerPath quick measurements", self.quick)
            self.missing += ["stock baseline, training, cross-validation and ablation (quick mode)"]
        else:
            if options.training:
                self._phase("training", self.training)
            else:
                self.missing.append("training (--no-training)")
            if not options.stock:
                self.missing.append("stock baseline (--no-stock)")
            self._phase(
                "conversations (stock and CareerPath, levels interleaved)", self.conversations
            )
            if options.ablation:
                self._phase("ablation", self.ablation)
            if options.crossval:
                self._phase("NLU cross-validation", self.crossval)
            else:
                self.missing.append("NLU cross-validation (--no-nlu)")
        self.results["levers"] = levers()
        after = procs.cpu_snapshot()
        meta = self.results["meta"]
        meta["noise"] = procs.noise_report(before, after, [os.getpid()])
        meta["load_after"] = procs.load_average()
        meta["duration_s"] = round(time.monotonic() - started)
        self.results["missing"] = self.missing
        paths = write_reports(self.results, options.out_dir)
        if not options.keep_temp:
            shutil.rmtree(self.workdir, ignore_errors=True)
        return paths
