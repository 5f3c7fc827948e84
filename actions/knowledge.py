"""Answers from the knowledge base: FAQ, BPO-vs-KPO comparison, why we ask."""

from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation import faq, questions, replies, roles
from careerpath.conversation.reply import Reply

from .common import REQUESTED_SLOT, catalog, latest_text, send


def _in_intake(tracker: Tracker) -> bool:
    return bool(tracker.active_loop_name)


class ActionAnswerFaq(Action):
    """Retrieval over the KB FAQ: the answer text exists only in the knowledge base."""

    def name(self) -> Text:
        return "action_answer_faq"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        kb = catalog()
        asked = latest_text(tracker)
        if not asked:  # the "Ask about BPO / KPO" button
            send(dispatcher, tracker, [replies.faq_menu(kb)])
            return []
        match = faq.find_answer(asked, kb)
        role_id = roles.role_by_name(asked, kb) if match is None else None
        if role_id is not None:  # "what does an LPO do?" read as a FAQ: answer about the role
            send(dispatcher, tracker, [replies.role_details(role_id, kb, None)])
        elif match is None:
            send(dispatcher, tracker, [replies.faq_menu(kb, asked, unsure=True)])
        else:
            send(
                dispatcher, tracker, [replies.faq_answer(match.faq, in_intake=_in_intake(tracker))]
            )
        return []


class ActionCompareTracks(Action):
    def name(self) -> Text:
        return "action_compare_tracks"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        reply = replies.comparison(catalog())
        if _in_intake(tracker):
            reply = Reply(text=reply.text)  # the form asks its question next
        send(dispatcher, tracker, [reply])
        return []


class ActionExplainWhyAsk(Action):
    def name(self) -> Text:
        return "action_explain_why_ask"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[Dict[Text, Any]]:
        slot = tracker.get_slot(REQUESTED_SLOT) if _in_intake(tracker) else None
        dispatcher.utter_message(text=questions.why_we_ask(slot))
        return []
