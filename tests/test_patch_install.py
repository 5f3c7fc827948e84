"""Patches of Rasa internals come from one place, once, and only into the Rasa server.

Each check runs in a fresh interpreter: a patch, once installed, stays for the process.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from harness.stack import PROJECT_ROOT

pytest.importorskip("rasa")

# Prints, for each patch we can see from outside, whether it is installed.
PATCH_STATE = """
from rasa.core.actions.action import RemoteAction
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig
from rasa.core.processor import MessageProcessor
from rasa.core.tracker_store import FailSafeTrackerStore
from rasa.core.actions.action import ActionExtractSlots
print("language", getattr(ActionExtractSlots.run, "_careerpath_language_slot", False))
print("turns", getattr(MessageProcessor.handle_message, "_careerpath_durable_turns", False))
print("faults", getattr(FailSafeTrackerStore.retrieve, "_careerpath_durable_turns", False))
print("resilience", getattr(RemoteAction.run, "_careerpath_friendly_failure", False))
print("validator", getattr(RemoteAction._validate_action_result, "_careerpath_speedup", False))
print("events", getattr(Event.resolve_by_type, "_careerpath_speedup", False))
print("sessions", getattr(EndpointConfig.session, "_careerpath_speedup", False))
"""
PATCHES = ["language", "turns", "faults", "resilience", "validator", "events", "sessions"]


def _run(code: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "CAREERPATH_RASA_SPEEDUPS": "1"}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )


def _installed(stdout: str) -> dict:
    state = {}
    for line in stdout.splitlines():
        name, _, value = line.partition(" ")
        if name in PATCHES:
            state[name] = value == "True"
    return state


def test_importing_only_the_telegram_connector_installs_every_patch():
    code = (
        "import sys\n"
        "import careerpath_rasa.channels.telegram.webhook\n"
        "others = ['careerpath_rasa.channels.rest', 'careerpath_rasa.channels.reports',\n"
        "          'careerpath_rasa.tracker_store', 'careerpath_rasa.nlu.linear_intents',\n"
        "          'careerpath_rasa.nlu.unknown_words']\n"
        "print('others', [name for name in others if name in sys.modules])\n" + PATCH_STATE
    )
    result = _run(code)
    assert "others []" in result.stdout  # the connector alone, as in a Telegram-only setup
    assert _installed(result.stdout) == dict.fromkeys(PATCHES, True)


def test_every_module_rasa_loads_installs_the_patches_when_imported():
    # One interpreter for all: install() is replaced by a recorder of its callers.
    modules = [
        "careerpath_rasa.channels.rest",
        "careerpath_rasa.channels.reports",
        "careerpath_rasa.channels.telegram.webhook",
        "careerpath_rasa.tracker_store",
        "careerpath_rasa.nlu.linear_intents",
        "careerpath_rasa.nlu.unknown_words",
    ]
    code = (
        "import importlib, sys\n"
        "from careerpath_rasa import patches\n"
        "callers = []\n"
        "patches.install = lambda: callers.append(sys._getframe(1).f_globals['__name__'])\n"
        f"for module in {modules!r}:\n"
        "    importlib.import_module(module)\n"
        "print('callers', sorted(callers))\n"
    )
    assert f"callers {sorted(modules)!r}" in _run(code).stdout


def test_installing_twice_wraps_nothing_twice():
    code = (
        "import careerpath_rasa.tracker_store\n"
        "from careerpath_rasa import patches\n"
        "from rasa.core.actions.action import RemoteAction\n"
        "from rasa.utils.endpoints import EndpointConfig\n"
        "before = (RemoteAction.run, RemoteAction._validate_action_result,"
        " EndpointConfig.session)\n"
        "print('again', patches.install(), patches.install())\n"
        "import careerpath_rasa.channels.telegram.webhook, careerpath_rasa.channels.rest\n"
        "after = (RemoteAction.run, RemoteAction._validate_action_result,"
        " EndpointConfig.session)\n"
        "print('same', all(a is b for a, b in zip(before, after)))\n"
    )
    result = _run(code)
    assert "again True True" in result.stdout
    assert "same True" in result.stdout


def test_an_unexpected_rasa_version_gets_no_patch_and_one_warning():
    code = (
        "import logging, rasa.version\n"
        "logging.basicConfig(level=logging.WARNING, format='%(name)s: %(message)s')\n"
        "rasa.version.__version__ = '3.7.0'\n"
        "import careerpath_rasa.channels.telegram.webhook, careerpath_rasa.tracker_store\n"
        "from careerpath_rasa import patches\n"
        "print('installed', patches.install())\n" + PATCH_STATE
    )
    result = _run(code)
    assert "installed False" in result.stdout
    assert _installed(result.stdout) == dict.fromkeys(PATCHES, False)
    warnings = [
        line for line in result.stderr.splitlines() if line.startswith("careerpath_rasa.patches:")
    ]
    assert len(warnings) == 1 and "Rasa 3.6.x; this is Rasa 3.7.0" in warnings[0]


@pytest.mark.parametrize(
    "version, supported",
    [
        ("3.6.21", True),
        ("3.6.0", True),
        ("3.7.0", False),
        ("3.60.1", False),
        ("4.6.0", False),
    ],
)
def test_the_version_check_accepts_the_3_6_series_only(version, supported):
    from careerpath_rasa.patches import rasa_version_supported

    assert rasa_version_supported(version) is supported


def test_the_action_server_package_imports_no_rasa_plugin_and_installs_nothing():
    code = (
        "import sys, actions, actions.server\n"
        "print('plugins', [m for m in sys.modules if m.startswith('careerpath_rasa')])\n"
        + PATCH_STATE
    )
    result = _run(code)
    assert "plugins []" in result.stdout
    assert _installed(result.stdout) == dict.fromkeys(PATCHES, False)
