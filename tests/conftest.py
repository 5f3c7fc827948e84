"""Shared fixtures.

``rasa_stack`` (session scope) starts the action server and ``rasa run`` once per test
run, with the REST and Telegram channels open, a static server for ``web/`` as the only
CORS origin, and a fake Telegram Bot API that the Telegram connector talks to.

The fake Bot API lives in ``harness/fake_telegram.py``; it must provide
``start_fake_telegram_api() -> server`` where ``server`` has ``.url``, ``.calls(method=None)``,
``.reset()`` and ``.stop()``.
"""

from __future__ import annotations

import os

import pytest

from harness.stack import RasaStack, running

TELEGRAM_TEST_TOKEN = "123456789:TEST-token-for-the-fake-bot-api"
TELEGRAM_TEST_SECRET = "e2e-webhook-secret-7f3c9a"
COUNSELOR_TEST_TOKENS = "counselor-e2e:counselor-e2e-token-5b1d"  # reports endpoint (issue 4)


@pytest.fixture(scope="session")
def fake_telegram_api():
    from harness.fake_telegram import start_fake_telegram_api

    server = start_fake_telegram_api()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def rasa_stack(tmp_path_factory, fake_telegram_api):
    stack = RasaStack(
        workdir=tmp_path_factory.mktemp("stack"),
        extra_env={
            "TELEGRAM_BOT_TOKEN": TELEGRAM_TEST_TOKEN,
            "TELEGRAM_WEBHOOK_SECRET": TELEGRAM_TEST_SECRET,
            "TELEGRAM_API_BASE_URL": fake_telegram_api.url,
            "COUNSELOR_TOKENS": COUNSELOR_TEST_TOKENS,
        },
    )
    with running(stack):
        yield stack
        if os.environ.get("CAREERPATH_SHOW_SERVER_LOGS"):
            print(stack.logs())


def pytest_collection_modifyitems(config, items):
    # End-to-end tests share one slow server stack: run them after the fast tests so a
    # library failure shows within seconds.
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


# ---- the web widget's browser tests (helpers in tests/widget_support.py) -------------------
@pytest.fixture(scope="module")
def browser():
    from tests.widget_support import CHROMIUM, CHROMIUM_ARGS, playwright_sync

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run scripts/ensure_browser.sh (or `make browser`).")
    with playwright_sync.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def context(browser):
    """A fresh browser profile per test: its own localStorage, so tests don't share a sender."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 860})
    yield ctx
    ctx.close()


@pytest.fixture()
def static_site():
    from harness.stack import start_static_server
    from tests.widget_support import WEB_DIR

    server = start_static_server(WEB_DIR)
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture()
def fake_rasa(static_site):
    from tests.widget_support import FakeRasa

    server = FakeRasa(allowed_origin=static_site).start()
    yield server
    server.stop()


@pytest.fixture()
def keyed_rasa(static_site):
    from tests.widget_reliability_support import KeyedFakeRasa

    server = KeyedFakeRasa(allowed_origin=static_site).start()
    yield server
    server.stop()
