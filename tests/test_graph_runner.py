"""Rasa's graph run without dask gives what dask gave (careerpath_rasa/patches/graph_runner.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import ExecutionContext, GraphComponent, GraphSchema, SchemaNode
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage

from careerpath_rasa.patches import graph_runner

DASK_RUN = graph_runner.DASK_RUN


CALLS: list[str] = []


class Step(GraphComponent):
    """Appends its name to what it is given; fails on request."""

    def __init__(self, config: dict[str, Any]) -> None:
        self.name = config["name"]

    @classmethod
    def create(cls, config, model_storage, resource, execution_context) -> Step:
        return cls(config)

    def apply(self, **parents: Any) -> str:
        CALLS.append(self.name)
        if self.name == "broken":
            raise RuntimeError("this step always fails")
        return self.name + "(" + ",".join(str(parents[key]) for key in sorted(parents)) + ")"


def node(name: str, needs: dict[str, str], target: bool = False) -> SchemaNode:
    return SchemaNode(
        needs=needs,
        uses=Step,
        constructor_name="create",
        fn="apply",
        config={"name": name},
        eager=True,
        is_target=target,
    )


# A diamond behind a chain, a branch no target needs, and a node fed by an input.
SCHEMA = GraphSchema(
    {
        "tokens": node("tokens", {"text": "__message__"}),
        "left": node("left", {"x": "tokens"}),
        "right": node("right", {"x": "tokens"}),
        "joined": node("joined", {"a": "left", "b": "right"}, target=True),
        "unused": node("unused", {"x": "tokens"}),
        "domain": node("domain", {}, target=True),
        "broken": node("broken", {"x": "domain"}),
    }
)


@pytest.fixture()
def runner(tmp_path: Path) -> DaskGraphRunner:
    storage = LocalModelStorage(tmp_path)
    return DaskGraphRunner(SCHEMA, storage, ExecutionContext(SCHEMA, "test"))


@pytest.mark.parametrize(
    ("inputs", "targets"),
    [
        ({"__message__": "hello"}, ["joined"]),
        ({"__message__": "hello"}, ["joined", "domain"]),
        ({}, ["domain"]),
        ({"__message__": "hi"}, None),
    ],
)
def test_the_same_outputs_and_calls_as_dask(runner, inputs, targets):
    CALLS.clear()
    expected = DASK_RUN(runner, inputs, targets)
    dask_calls = sorted(CALLS)
    CALLS.clear()
    assert graph_runner.run_sequentially(runner, inputs, targets) == expected
    assert sorted(CALLS) == dask_calls  # each needed node once, nothing else


def test_every_node_runs_after_what_it_needs():
    plan = graph_runner.execution_plan(SCHEMA, ["joined"])
    order = [name for name, _ in plan]
    assert order.index("tokens") < order.index("left") < order.index("joined")
    assert order.index("right") < order.index("joined")
    assert "unused" not in order and "broken" not in order


def test_a_failing_node_raises_what_dask_raised(runner):
    with pytest.raises(Exception) as from_dask:
        DASK_RUN(runner, {}, ["broken"])
    with pytest.raises(type(from_dask.value), match="node broken"):
        graph_runner.run_sequentially(runner, {}, ["broken"])


def test_an_input_named_like_a_node_is_refused(runner):
    with pytest.raises(GraphRunError, match="clashes"):
        graph_runner.run_sequentially(runner, {"__message__": "left"}, ["joined"])


def test_rasa_s_own_run_is_kept_for_comparison():
    assert not getattr(DASK_RUN, "_careerpath_sequential_runner", False)


def test_installed_once():
    graph_runner.install_sequential_graph_runner()
    graph_runner.install_sequential_graph_runner()
    assert DaskGraphRunner.run is graph_runner.run_sequentially
