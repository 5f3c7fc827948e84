"""Runs Rasa's prediction graph in plain Python instead of through dask.

Rasa 3.6 runs every message's NLU graph and every action prediction through
``DaskGraphRunner.run``, which works out the graph's minimal schema, builds a dask task
graph and hands it to ``dask.get``. Our graphs are small chains (tokenizer, featurizers,
classifiers; two policies and an ensemble), and profiled under load (py-spy on ``rasa run``,
20 simulated users) dask's own scheduling took 12 % of the Rasa server's event loop, the
part of CareerPath that limits its throughput. (The debug line Rasa formats on every run,
whether debug logging is on or not, also prints the whole tracker.)

``run`` here does what ``dask.get`` did with the same nodes: each ``GraphNode`` is called
once, after the nodes it needs, with their ``(name, output)`` results in the order of its
``needs``, and inputs enter as ``(name, value)`` pairs. The order of the nodes for a set of
targets is worked out once and remembered. An error in a node propagates as it did from
``dask.get`` (a ``RuntimeError`` becomes Rasa's ``GraphRunError``).
"""

from __future__ import annotations

from typing import Any

from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner

_INSTALLED_FLAG = "_careerpath_sequential_runner"
Plan = tuple[tuple[str, tuple[str, ...]], ...]  # (node name, names it needs) in run order
# Rasa's own method, kept for comparison (this module is imported before any install).
DASK_RUN = DaskGraphRunner.run


def execution_plan(schema: GraphSchema, targets: list[str]) -> Plan:
    """The nodes ``targets`` depend on, each after everything it needs (schema order kept
    among nodes that do not depend on each other)."""
    minimal = schema.minimal_graph_schema(targets)
    needs = {name: tuple(node.needs.values()) for name, node in minimal.nodes.items()}
    ordered: list[str] = []
    placed: set[str] = set()

    def place(name: str, path: tuple[str, ...]) -> None:
        if name in placed or name not in needs:  # an input, not a node
            return
        if name in path:
            raise GraphRunError(f"The graph has a cycle through '{name}'.")
        for parent in needs[name]:
            place(parent, (*path, name))
        placed.add(name)
        ordered.append(name)

    for name in needs:
        place(name, ())
    return tuple((name, needs[name]) for name in ordered)


def run_sequentially(
    self: DaskGraphRunner,
    inputs: dict[str, Any] | None = None,
    targets: list[str] | None = None,
) -> dict[str, Any]:
    """``DaskGraphRunner.run`` without dask (see the module docstring)."""
    run_targets = list(targets) if targets else list(self._graph_schema.target_names)
    plans: dict[tuple[str, ...], Plan] = self.__dict__.setdefault("_careerpath_plans", {})
    plan = plans.get(tuple(run_targets))
    if plan is None:
        plan = plans[tuple(run_targets)] = execution_plan(self._graph_schema, run_targets)
    results: dict[str, Any] = {}
    for input_name, input_value in (inputs or {}).items():
        if isinstance(input_value, str) and input_value in self._graph_schema.nodes:
            raise GraphRunError(
                f"Input value '{input_value}' clashes with a node name. Make sure that none of "
                "the input names passed to the `run` method are the same as node names in "
                "the graph schema."
            )
        results[input_name] = (input_name, input_value)
    try:
        for name, needs in plan:
            # dask passes a name that is neither a node nor an input as the plain string
            results[name] = self._instantiated_nodes[name](
                *(results.get(need, need) for need in needs)
            )
    except RuntimeError as error:
        raise GraphRunError("Error running runner.") from error
    return dict(results[target] for target in run_targets)


def install_sequential_graph_runner() -> None:
    if getattr(DaskGraphRunner.run, _INSTALLED_FLAG, False):
        return
    setattr(run_sequentially, _INSTALLED_FLAG, True)
    DaskGraphRunner.run = run_sequentially
