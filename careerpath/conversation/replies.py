"""Builds the bot's messages: texts from the advisor's renderers, buttons, card payloads.

Every fact in a message comes from the knowledge base through the catalog or the
advisor; this module only arranges it for a chat window.
"""
from __future__ import annotations

from typing import Dict, List, Optional, Sequence

from careerpath.advisor import Advice, Recommendation
from careerpath.advisor.render import (
    render_advice,
    render_comparison,
    render_learning_plan,
    render_recommendation,
    render_role,
)
from careerpath.kb.catalog import Catalog, FaqInfo

from . import faq as faq_search
from .intake import SLOTS
from .reply import ADVICE_BUTTON, COMPARE_BUTTON, FAQ_BUTTON, Reply, button

TOP = 3
CARD_TYPE = "recommendations"


# ---- recommendations -----------------------------------------------------------------------
def recommendations(advice: Advice, start: int = 0, count: int = TOP, updated: bool = False) -> List[Reply]:
    """The first (or next) ``count`` recommendations: text for every channel + a card payload."""
    shown = advice.recommendations[start:start + count]
    if start == 0:
        text = render_advice(advice, top=count)
        if updated:
            text = "I've updated your matches.\n\n" + text
    elif shown:
        blocks = [render_recommendation(rec, rank) for rank, rec in enumerate(shown, start=start + 1)]
        text = "Here are more options:\n\n" + "\n\n".join(blocks)
    else:
        return [Reply(text="That's every role type that fits your profile. You can change your answers "
                           "(\"change my skills\") or ask me about any role.",
                      buttons=[button("What should I learn?", "/ask_what_to_learn"), COMPARE_BUTTON])]
    card = {
        "type": CARD_TYPE,
        "start": start,
        "items": [rec.to_dict() for rec in shown],
        "summary": dict(advice.summary),
        "prerequisites": list(advice.prerequisites) if start == 0 else [],
    }
    return [Reply(text=text, custom=card, buttons=follow_up_buttons(advice, shown))]


def follow_up_buttons(advice: Advice, shown: Sequence[Recommendation]) -> List[Dict[str, str]]:
    buttons = [button(f"More about {rec.name}", f'/ask_role_details{{"role_type": "{rec.role_type}"}}')
               for rec in shown[:1]]
    buttons.append(button("What should I learn?", "/ask_what_to_learn"))
    buttons.append(button("Show other options", "/ask_other_options"))
    other = other_track(advice, shown)
    if other:
        buttons.append(button(f"Why not {other}?", f'/ask_why_not_track{{"track": "{other}"}}'))
    return buttons


def other_track(advice: Advice, shown: Sequence[Recommendation]) -> Optional[str]:
    """The track the user was (mostly) not shown, for the "Why not ...?" button."""
    shown_tracks = {rec.track for rec in shown}
    for track in ("KPO", "BPO"):
        if track not in shown_tracks:
            return track
    preferred = advice.summary.get("preferred_track")
    return {"BPO": "KPO", "KPO": "BPO"}.get(preferred)


# ---- summary before recommending -----------------------------------------------------------
def summary(answers: Dict[str, Optional[str]], intro: str = "Here's what I have:") -> Reply:
    labels = {"education": "Education", "skills": "Skills", "goals": "Goals",
              "preferences": "Work preferences", "experience": "Experience"}
    lines = [intro] + [f"• {labels[slot]}: {answers.get(slot) or 'not given'}" for slot in SLOTS]
    lines.append("Is this right? Shall I show your matches?")
    return Reply(text="\n".join(lines), buttons=[button("Yes, show my matches", "/affirm"),
                                                 button("Change something", "/deny")])


# ---- follow-ups ----------------------------------------------------------------------------
def role_details(role_id: str, catalog: Catalog, advice: Optional[Advice]) -> Reply:
    text = render_role(catalog.roles[role_id], catalog)
    personal = _recommendation_for(role_id, advice)
    if personal is not None:
        notes = []
        if personal.matched_skills:
            notes.append(f"You already have: {', '.join(personal.matched_skills)}.")
        if personal.missing_skills:
            notes.append(f"To build: {', '.join(personal.missing_skills)}.")
        notes.append(f"For you this is a {personal.fit} fit.")
        text += "\n\n" + " ".join(notes)
    buttons = [button("What should I learn?", "/ask_what_to_learn")] if advice else [ADVICE_BUTTON]
    buttons.append(COMPARE_BUTTON)
    return Reply(text=text, buttons=buttons)


def which_role(shown: Sequence[str], catalog: Catalog) -> Reply:
    """Ask which role, offering the ones the user saw (or a few per track)."""
    role_ids = list(shown) or _sample_roles(catalog)
    return Reply(text="Which role would you like to know more about? You can type its name too.",
                 buttons=[button(catalog.roles[role_id].name,
                                 f'/ask_role_details{{"role_type": "{role_id}"}}')
                          for role_id in role_ids[:6] if role_id in catalog.roles])


def _sample_roles(catalog: Catalog) -> List[str]:
    picked: List[str] = []
    for track in ("BPO", "KPO"):
        picked += [role.id for role in catalog.roles.values()
                   if role.track == track and role.category_kind == "function"][:3]
    return picked


def learning_plan(advice: Advice) -> Reply:
    return Reply(text=render_learning_plan(advice, top=TOP),
                 buttons=[button("Show other options", "/ask_other_options"), COMPARE_BUTTON])


def need_profile_first(topic: str) -> Reply:
    return Reply(text=f"To tell you {topic}, I first need to know a bit about you - "
                      "5 quick questions, about 2 minutes.",
                 buttons=[ADVICE_BUTTON, COMPARE_BUTTON])


def why_not_track(track: str, advice: Optional[Advice], catalog: Catalog, shown_count: int = TOP) -> Reply:
    info = catalog.tracks.get(track)
    if advice is None or not advice.recommendations:
        facts = f"{info.name}: {info.summary} Education: {info.education_summary}" if info else ""
        return Reply(text=("I can tell you exactly why once I know your profile. " + facts).strip(),
                     buttons=[ADVICE_BUTTON, COMPARE_BUTTON])
    ranked = advice.recommendations
    position = next((i for i, rec in enumerate(ranked) if rec.track == track), None)
    if position is None:
        return Reply(text=_track_out_of_reach(track, catalog), buttons=[COMPARE_BUTTON, ADVICE_BUTTON])
    best = ranked[position]
    if position < shown_count:
        text = (f"Actually, {track} is in your list: {best.name} is option {position + 1} "
                f"({best.fit} fit).")
    else:
        reasons = [f"Your best {track} option is {best.name}, at number {position + 1} "
                   f"({best.fit} fit)."]
        note = best.education_fit.get("note")
        if note:
            reasons.append(f"Education: {note}")
        if best.missing_skills:
            reasons.append(f"Skills it needs that you haven't mentioned: {', '.join(best.missing_skills[:4])}.")
        preferred = advice.summary.get("preferred_track")
        if preferred and preferred not in (track, "either"):
            reasons.append(advice.summary.get("text", ""))
        text = " ".join(reason for reason in reasons if reason)
    return Reply(text=text, buttons=[button(f"More about {best.name}",
                                            f'/ask_role_details{{"role_type": "{best.role_type}"}}'),
                                     button("What should I learn?", "/ask_what_to_learn"), COMPARE_BUTTON])


def _track_out_of_reach(track: str, catalog: Catalog) -> str:
    """Why no role of ``track`` was ranked: the education it asks for, from the KB."""
    candidates = [role for role in catalog.roles.values()
                  if role.track == track and role.category_kind == "function"]
    if not candidates:
        return f"I don't have {track} role types to suggest."
    easiest = min(candidates, key=lambda role: catalog.level_ordinal(role.min_education))
    level = catalog.levels[easiest.min_education].name
    info = catalog.tracks.get(track)
    education = f" {track} education: {info.education_summary}" if info else ""
    return (f"{track} roles don't fit your profile yet: even the most open one, {easiest.name}, "
            f"needs at least {level}.{education} Once you get there, {track} is a good next step.")


def comparison(catalog: Catalog) -> Reply:
    return Reply(text=render_comparison(catalog), buttons=[ADVICE_BUTTON, FAQ_BUTTON])


# ---- FAQ -----------------------------------------------------------------------------------
def faq_answer(faq: FaqInfo, in_intake: bool) -> Reply:
    buttons = [] if in_intake else [FAQ_BUTTON, ADVICE_BUTTON]
    return Reply(text=faq.answer, buttons=buttons)


def faq_menu(catalog: Catalog, text: str = "", unsure: bool = False) -> Reply:
    """Questions to pick from: close ones after a weak match, else a starter set."""
    if unsure:
        lead = "I'm not sure I have an answer to that. Did you mean one of these?"
        questions = faq_search.close_questions(text, catalog)
    else:
        lead = "Ask me anything about BPO and KPO careers, or pick a question:"
        questions = faq_search.popular_questions(catalog)
    buttons = [button(faq.question, faq.question) for faq in questions]
    return Reply(text=lead, buttons=buttons + [COMPARE_BUTTON])


def _recommendation_for(role_id: str, advice: Optional[Advice]) -> Optional[Recommendation]:
    if advice is None:
        return None
    return next((rec for rec in advice.recommendations if rec.role_type == role_id), None)
