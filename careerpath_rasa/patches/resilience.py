"""A friendly reply when a custom action cannot run (action server down, action crashed).

Rasa 3.6 handles a failed custom action inside ``MessageProcessor._run_action``: it logs
"Encountered an exception while running action ...", drops the action's events and goes
on predicting - and the user gets no answer at all (or only the canned responses that
follow), with no hook for a channel to notice. So the Rasa server process wraps
``RemoteAction.run`` once: when the call fails for any reason other than a deliberate
rejection (``ActionExecutionRejection``, which is how forms say "not my answer"), it
sends ``TROUBLE_REPLY`` through the turn's own output channel - REST collector, Telegram,
whichever - at most once per user message, then re-raises so Rasa's own handling (log,
events dropped, slots untouched) is unchanged. Because the failed action's events are
dropped, nothing the user said before is lost: once the action server is back the
conversation continues where it was.

Installed with the other patches by ``careerpath_rasa.patches.install()``.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Hashable
from typing import Any

from rasa.core.actions import action as rasa_action

from careerpath.conversation.language import channel_language
from careerpath.wording import text
from careerpath_rasa.conversation_language import tracker_language

logger = logging.getLogger(__name__)

# Said in the conversation's language (trouble_reply); this English text is for recognising it.
TROUBLE_REPLY = text("channel.trouble", lang="en")
_PATCH_MARKER = "_careerpath_friendly_failure"
_REMEMBERED_TURNS = 2048

_apologised: OrderedDict[Hashable, None] = OrderedDict()
_lock = threading.Lock()


def install_action_failure_reply() -> None:
    """Idempotent: wraps ``rasa.core.actions.action.RemoteAction.run`` once per process."""
    original = rasa_action.RemoteAction.run
    if getattr(original, _PATCH_MARKER, False):
        return

    async def run(self, output_channel, nlg, tracker, domain) -> list[Any]:
        try:
            return await original(self, output_channel, nlg, tracker, domain)
        except rasa_action.ActionExecutionRejection:
            raise
        except Exception:
            await apologise_once(output_channel, tracker)
            raise

    setattr(run, _PATCH_MARKER, True)
    rasa_action.RemoteAction.run = run
    logger.debug("Failed custom actions now answer the user with a friendly message.")


def trouble_reply(tracker) -> str:
    """The apology in the conversation's language (its ``language`` slot), else the channel's
    (the message's metadata: Telegram's language_code, the widget's lang), else English."""
    latest = getattr(tracker, "latest_message", None)
    language = tracker_language(tracker) or channel_language(getattr(latest, "metadata", None))
    return text("channel.trouble", lang=language or "en")


async def apologise_once(output_channel, tracker) -> None:
    """Sends ``TROUBLE_REPLY`` unless this user message already got it.

    A turn can run several custom actions (the form's validation, then its question), and
    each fails while the action server is down; the user should read the apology once.
    The key is the user message id, not the output channel: Telegram reuses one output
    channel object for every chat.
    """
    latest = getattr(tracker, "latest_message", None)
    turn = (tracker.sender_id, getattr(latest, "message_id", None) or id(output_channel))
    with _lock:
        if turn in _apologised:
            return
        _apologised[turn] = None
        while len(_apologised) > _REMEMBERED_TURNS:
            _apologised.popitem(last=False)
    try:
        await output_channel.send_text_message(tracker.sender_id, trouble_reply(tracker))
    except Exception:  # the channel itself is broken: Rasa's own error log says enough
        logger.warning("Could not send the failure reply to %s.", tracker.sender_id, exc_info=True)
