"""Every patch of Rasa internals, installed from here and nowhere else (``install``).

The patches (details in each module):

* ``resilience``: a custom action that fails answers the user with a friendly message.
* ``speedups``: cheaper action-response validation, event-class lookup and connections to
  the action server (``CAREERPATH_RASA_SPEEDUPS=0`` leaves them out, for benchmarks).
* ``language_slot``: the conversation's language slot is filled inside Rasa after each
  user message (no action-server call).
* ``durable_turns``: a turn is answered only once its tracker is stored, a tracker that
  cannot be read is never restarted, commands always answer, bad Redis key prefixes stop
  the start-up.

Rasa loads each of our classes by importing the module that config.yml, endpoints.yml or
credentials.yml names: the channels, the tracker store and the NLU components. Every one
of those modules calls ``install()`` right after its imports, so whichever Rasa imports
first installs all patches, and a deployment that configures only one of them (only
Telegram, say) still gets them. ``install()`` is idempotent and thread-safe.

The patches replace methods of Rasa 3.6 that are not public API, and another release may
have changed them. On a Rasa version outside ``SUPPORTED_RASA`` nothing is patched and one
warning says so: the assistant still answers, with Rasa's own behaviour in each place a
patch would have changed it.
"""

from __future__ import annotations

import logging
import threading

import rasa.version

from careerpath_rasa.patches.durable_turns import install_durable_turns
from careerpath_rasa.patches.language_slot import install_language_slot
from careerpath_rasa.patches.resilience import install_action_failure_reply
from careerpath_rasa.patches.speedups import install_rasa_speedups

logger = logging.getLogger(__name__)

# The release series the patches were written and tested against (major.minor).
SUPPORTED_RASA = "3.6"

_lock = threading.Lock()
_outcome: bool | None = None  # None until the first install(): True installed, False skipped


def rasa_version_supported(version: str) -> bool:
    """True for any release of the ``SUPPORTED_RASA`` series ("3.6.21" -> True)."""
    return version.split(".")[:2] == SUPPORTED_RASA.split(".")


def install() -> bool:
    """Installs every patch once per process; returns whether they are in place."""
    global _outcome
    with _lock:
        if _outcome is None:
            _outcome = _install_all(rasa.version.__version__)
        return _outcome


def _install_all(version: str) -> bool:
    if not rasa_version_supported(version):
        logger.warning(
            "CareerPath's patches of Rasa internals are written for Rasa %s.x; this is Rasa %s, "
            "so none is installed (see careerpath_rasa/patches/ for what is missing). Check "
            "them against this version before raising SUPPORTED_RASA.",
            SUPPORTED_RASA,
            version,
        )
        return False
    install_action_failure_reply()
    install_rasa_speedups()
    install_durable_turns()
    install_language_slot()
    return True
