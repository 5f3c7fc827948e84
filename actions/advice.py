"""Summary, recommendations and the follow-ups after them."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from careerpath.conversation import answering, replies, roles
from careerpath.conversation.readback import shown_answers

from . import knowledge
from .common import (
    ADVICE_STATE_SLOT,
    advice_for,
    advice_state,
    answers_of,
    catalog,
    display_catalog,
    latest_entities,
    latest_intent,
    latest_text,
    profile_of,
    send,
)
from .guided import in_guided_mode
from .returning import remember_profile, remember_recommendations


def _recommend(
    dispatcher: CollectingDispatcher, tracker: Tracker, updated: bool
) -> list[dict[str, Any]]:
    kb = display_catalog()
    profile = profile_of(tracker)
    advice = advice_for(profile, kb)
    offer = not in_guided_mode(tracker)  # a counselor running the session is already there
    cards = replies.recommendations(advice, updated=updated, offer_counselor=offer)
    send(dispatcher, tracker, cards)
    shown = [rec.role_type for rec in advice.recommendations[: replies.TOP]]
    remember_recommendations(
        dispatcher, tracker, profile.to_dict(), advice.recommendations[: replies.TOP]
    )
    state = {"profile": profile.to_dict(), "shown": len(shown), "shown_roles": shown}
    return [SlotSet(ADVICE_STATE_SLOT, state)]


def _advice_if_known(tracker: Tracker, kb):
    """The advice the user has seen (recomputed: deterministic and cheap), else None."""
    if not advice_state(tracker):
        return None
    return advice_for(profile_of(tracker), kb)


class ActionSubmitProfile(Action):
    """End of the intake: confirm the summary, or - after a correction to a profile that
    already had recommendations - show the recomputed recommendations straight away."""

    def name(self) -> str:
        return "action_submit_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = advice_state(tracker)
        profile = profile_of(tracker)
        if state and state.get("profile") != profile.to_dict():
            return _recommend(dispatcher, tracker, updated=True)
        again = bool(state) or latest_intent(tracker) == "correct_profile"
        answers = shown_answers(answers_of(tracker), profile, catalog())
        send(dispatcher, tracker, [replies.summary(answers, again=again)])
        remember_profile(dispatcher, tracker, profile.to_dict())
        return []


class ActionRecommend(Action):
    def name(self) -> str:
        return "action_recommend"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        if profile_of(tracker).is_empty() and not any(answers_of(tracker).values()):
            send(dispatcher, tracker, [replies.need_profile_first()])
            return []
        return _recommend(dispatcher, tracker, updated=False)


class ActionRoleDetails(Action):
    def name(self) -> str:
        return "action_role_details"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = catalog()  # the student's words are matched against the English names
        shown = advice_state(tracker).get("shown_roles") or []
        role_id = roles.role_from_entities(latest_entities(tracker), kb)
        if latest_text(tracker):  # the words decide, not the intent or one entity
            answer = knowledge.answer_to_latest(tracker, kb)
            # "tell me more" with no role in view asks which role; a role the NLU found
            # where the words name none is shown whole; anything else is answered.
            pointing = answering.only_points(latest_text(tracker))
            if answer.known or (role_id is None and not pointing):
                send(dispatcher, tracker, [answer.reply])
                return knowledge.answer_events(answer) + knowledge.asked_again_in_intake(tracker)
        if role_id is None:
            send(dispatcher, tracker, [knowledge.no_role_in_view(tracker, shown, kb)])
            return knowledge.asked_again_in_intake(tracker)
        send(
            dispatcher, tracker, [replies.role_details(role_id, kb, _advice_if_known(tracker, kb))]
        )
        return [SlotSet(knowledge.DISCUSSED_SLOT, [role_id])] + knowledge.asked_again_in_intake(
            tracker
        )


class ActionLearningPlan(Action):
    def name(self) -> str:
        return "action_learning_plan"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = catalog()
        if latest_text(tracker):  # "which course for AI/ML KPO": about a role, not the plan
            answer = knowledge.answer_to_latest(tracker, kb)
            # "uske liye course?" right after a role answer: that role's training
            named = not answer.pointed or "training" in answer.aspects
            if answer.kind in (answering.ROLE, answering.COMPARISON) and named:
                send(dispatcher, tracker, [answer.reply])
                return knowledge.answer_events(answer)
        advice = _advice_if_known(tracker, display_catalog())
        if advice is None:
            send(dispatcher, tracker, [replies.need_profile_first(learning=True)])
            return []
        send(dispatcher, tracker, [replies.learning_plan(advice)])
        return []


class ActionOtherOptions(Action):
    def name(self) -> str:
        return "action_other_options"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = advice_state(tracker)
        advice = _advice_if_known(tracker, display_catalog())
        if advice is None:
            send(dispatcher, tracker, [replies.need_profile_first()])
            return []
        start = int(state.get("shown") or 0)
        offer = not in_guided_mode(tracker)
        more_cards = replies.recommendations(advice, start=start, offer_counselor=offer)
        send(dispatcher, tracker, more_cards)
        more = [rec.role_type for rec in advice.recommendations[start : start + replies.TOP]]
        new_state = dict(
            state, shown=start + len(more), shown_roles=list(state.get("shown_roles") or []) + more
        )
        return [SlotSet(ADVICE_STATE_SLOT, new_state)]


class ActionWhyNotTrack(Action):
    def name(self) -> str:
        return "action_why_not_track"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        kb = display_catalog()
        state = advice_state(tracker)
        advice = _advice_if_known(tracker, kb)
        mentioned = roles.mentioned_tracks(
            (tracker.latest_message or {}).get("text") or "", latest_entities(tracker)
        )
        if mentioned:
            track = mentioned[0]
        elif advice is not None:
            track = replies.other_track(advice, advice.recommendations[: replies.TOP]) or "KPO"
        else:
            track = "KPO"
        shown = int(state.get("shown") or replies.TOP)
        send(dispatcher, tracker, [replies.why_not_track(track, advice, kb, shown_count=shown)])
        return []
