"""Rasa sends the domain only to the actions that read it (enable_selective_domain).

Every action call used to carry the whole domain (~16 KB of JSON, encoded by Rasa and
decoded by the action server on every call). endpoints.yml turns that off; the actions
that do read the domain are marked ``send_domain: true`` in domain.yml. A new action that
reads the domain must be marked too, or it would silently get an empty one: these tests
find the ones we know how to recognise.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from pathlib import Path

import yaml
from rasa.shared.core.domain import Domain
from rasa_sdk import Action, FormValidationAction

import actions

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def _marked() -> set[str]:
    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    return {
        name
        for name in domain.user_actions
        if domain.does_custom_action_explicitly_need_domain(name)
    }


def _action_classes() -> list[type[Action]]:
    classes = []
    for module_info in pkgutil.iter_modules(actions.__path__):
        module = importlib.import_module(f"actions.{module_info.name}")
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, Action) and value.__module__ == module.__name__:
                classes.append(value)
    return classes


def _reads_domain(action_class: type[Action]) -> bool:
    """Its ``run`` uses the ``domain`` argument other than handing it on to another run."""
    if issubclass(action_class, FormValidationAction):
        return True  # rasa_sdk reads the form's required slots from the domain
    run = action_class.__dict__.get("run")
    if run is None:
        return False
    tree = ast.parse(textwrap.dedent(inspect.getsource(run)))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            # x().run(dispatcher, tracker, domain): handing it on, checked at the callee
            if isinstance(node.func, ast.Attribute) and node.func.attr == "run":
                continue
            if any(isinstance(arg, ast.Name) and arg.id == "domain" for arg in node.args):
                return True
        if (
            isinstance(node, (ast.Attribute, ast.Subscript))
            and isinstance(node.value, ast.Name)
            and node.value.id == "domain"
        ):
            return True
    return False


def test_endpoints_enable_selective_domain():
    for name in ("endpoints.yml", "endpoints.prod.yml"):
        config = yaml.safe_load((PROJECT_ROOT / name).read_text())
        assert config["action_endpoint"]["enable_selective_domain"] is True, name


def test_every_action_that_reads_the_domain_is_sent_it():
    readers = {cls().name() for cls in _action_classes() if _reads_domain(cls)}
    assert readers, "the check recognises no reader at all"
    assert readers <= _marked(), f"mark these send_domain in domain.yml: {readers - _marked()}"


def test_the_forms_and_the_session_start_get_the_domain():
    assert {"validate_profile_form", "validate_handoff_form", "action_session_start"} <= _marked()
