"""Builds the bot's messages: texts from the catalog and the advisor, buttons, cards.

Every fact in a message comes from the knowledge base through the catalog or the
advisor, every sentence from the message catalog (``careerpath.wording``); this module
only arranges them for a chat window.
"""

from __future__ import annotations

from collections.abc import Sequence

from careerpath.advisor import Advice, Recommendation, function_roles, tracks_by_entry_level
from careerpath.advisor.render import render_comparison, render_learning_plan, render_role
from careerpath.kb.catalog import Catalog, FaqInfo
from careerpath.wording import text

from . import faq as faq_search
from .cards import TOP, recommendation_card
from .handoff import handoff_button
from .intake import SLOTS
from .readback import shown_catalog
from .reply import (
    Reply,
    advice_button,
    button,
    catalog_button,
    compare_button,
    faq_button,
    learn_button,
    role_details_button,
)


# ---- recommendations -----------------------------------------------------------------------
def recommendations(
    advice: Advice,
    start: int = 0,
    count: int = TOP,
    updated: bool = False,
    offer_counselor: bool = True,
) -> list[Reply]:
    """The first (or next) ``count`` recommendations as one card with its follow-up buttons;
    ``offer_counselor``: end them with "Talk to a counselor" (not when one is present)."""
    shown = advice.recommendations[start : start + count]
    if start > 0 and not shown:
        return [Reply(text=text("advice.no_more"), buttons=[learn_button(), compare_button()])]
    heading = None
    if start > 0:
        heading = text("advice.more_options")
    elif updated:
        heading = text("advice.updated")
    card = recommendation_card(advice, start=start, count=count, heading=heading)
    return [Reply(card=card, buttons=follow_up_buttons(advice, shown, offer_counselor))]


def follow_up_buttons(
    advice: Advice, shown: Sequence[Recommendation], offer_counselor: bool = True
) -> list[dict[str, str]]:
    buttons = [role_details_button(rec.role_type, rec.name) for rec in shown[:1]]
    buttons.append(learn_button())
    buttons.append(catalog_button("button.other_options", "/ask_other_options"))
    other = other_track(advice, shown)
    if other:
        buttons.append(
            catalog_button(
                "button.why_not_track", f'/ask_why_not_track{{"track": "{other}"}}', track=other
            )
        )
    if offer_counselor:
        buttons.append(handoff_button())
    return buttons


def other_track(advice: Advice, shown: Sequence[Recommendation]) -> str | None:
    """The track the user was (mostly) not shown, for the "Why not ...?" button."""
    shown_tracks = {rec.track for rec in shown}
    for track in ("KPO", "BPO"):
        if track not in shown_tracks:
            return track
    preferred = advice.summary.get("preferred_track")
    return {"BPO": "KPO", "KPO": "BPO"}.get(preferred) if preferred else None


# ---- summary before recommending -----------------------------------------------------------
def summary(answers: dict[str, str | None], again: bool = False) -> Reply:
    """The five answers to confirm; ``again``: the user asked to change something."""
    lines = [text("summary.intro_again" if again else "summary.intro")]
    lines += [
        text(
            "summary.line",
            label=text(f"label.{slot}"),
            value=answers.get(slot) or text("value.not_given"),
        )
        for slot in SLOTS
    ]
    lines.append(text("summary.confirm"))
    return Reply(
        text="\n".join(lines),
        buttons=[
            catalog_button("button.show_matches", "/affirm"),
            catalog_button("button.change_something", "/deny"),
        ],
    )


# ---- follow-ups ----------------------------------------------------------------------------
def role_details(role_id: str, catalog: Catalog, advice: Advice | None) -> Reply:
    details = render_role(catalog.roles[role_id], catalog)
    personal = _recommendation_for(role_id, advice)
    if personal is not None:
        notes = []
        if personal.matched_skills:
            notes.append(text("role.you_have", skills=", ".join(personal.matched_skills)))
        if personal.missing_skills:
            notes.append(text("role.to_build", skills=", ".join(personal.missing_skills)))
        notes.append(text("role.fit_for_you", fit=personal.fit))
        details += "\n\n" + " ".join(notes)
    buttons = [learn_button()] if advice else [advice_button()]
    buttons.append(compare_button())
    return Reply(text=details, buttons=buttons)


def which_role(shown: Sequence[str], catalog: Catalog) -> Reply:
    """Ask which role, offering the ones the user saw (or a few per track)."""
    role_ids = list(shown) or _sample_roles(catalog)
    return Reply(
        text=text("role.which"),
        buttons=[
            button(catalog.roles[role_id].name, f'/ask_role_details{{"role_type": "{role_id}"}}')
            for role_id in role_ids[:6]
            if role_id in catalog.roles
        ],
    )


def _sample_roles(catalog: Catalog) -> list[str]:
    picked: list[str] = []
    for track in tracks_by_entry_level(catalog):
        picked += [role.id for role in function_roles(catalog, track)][:3]
    return picked


def learning_plan(advice: Advice) -> Reply:
    return Reply(
        text=render_learning_plan(advice, top=TOP),
        buttons=[catalog_button("button.other_options", "/ask_other_options"), compare_button()],
    )


def need_profile_first(learning: bool = False) -> Reply:
    """Asked for roles (or, with ``learning``, for what to learn) before the intake."""
    return Reply(
        text=text("profile_first.learning" if learning else "profile_first.roles"),
        buttons=[advice_button(), compare_button()],
    )


def why_not_track(
    track: str, advice: Advice | None, catalog: Catalog, shown_count: int = TOP
) -> Reply:
    info = catalog.tracks.get(track)
    if advice is None or not advice.recommendations:
        parts = [text("why_not.need_profile")]
        if info:
            parts.append(
                text(
                    "why_not.track_facts",
                    track=info.name,
                    summary=info.summary,
                    education=info.education_summary,
                )
            )
        return Reply(text=" ".join(parts), buttons=[advice_button(), compare_button()])
    ranked = advice.recommendations
    position = next((i for i, rec in enumerate(ranked) if rec.track == track), None)
    if position is None:
        return Reply(
            text=_track_out_of_reach(track, catalog), buttons=[compare_button(), advice_button()]
        )
    best = ranked[position]
    if position < shown_count:
        answer = text(
            "why_not.in_list", track=track, role=best.name, position=position + 1, fit=best.fit
        )
    else:
        reasons = [
            text(
                "why_not.best_option",
                track=track,
                role=best.name,
                position=position + 1,
                fit=best.fit,
            )
        ]
        note = best.education_fit.get("note")
        if note:
            reasons.append(text("why_not.education", note=note))
        if best.missing_skills:
            reasons.append(
                text("why_not.missing_skills", skills=", ".join(best.missing_skills[:4]))
            )
        preferred = advice.summary.get("preferred_track")
        if preferred and preferred not in (track, "either"):
            reasons.append(advice.summary.get("text", ""))
        answer = " ".join(reason for reason in reasons if reason)
    return Reply(
        text=answer,
        buttons=[role_details_button(best.role_type, best.name), learn_button(), compare_button()],
    )


def _track_out_of_reach(track: str, catalog: Catalog) -> str:
    """Why no role of ``track`` was ranked: the education it asks for, from the KB."""
    candidates = function_roles(catalog, track)
    if not candidates:
        return text("why_not.no_roles", track=track)
    easiest = min(candidates, key=lambda role: catalog.level_ordinal(role.min_education))
    level = catalog.levels[easiest.min_education].name
    info = catalog.tracks.get(track)
    education = (
        " " + text("why_not.track_education", track=track, summary=info.education_summary)
        if info
        else ""
    )
    return text(
        "why_not.out_of_reach", track=track, role=easiest.name, level=level, education=education
    )


def comparison(catalog: Catalog) -> Reply:
    return Reply(text=render_comparison(catalog), buttons=[advice_button(), faq_button()])


# ---- FAQ -----------------------------------------------------------------------------------
def faq_answer(faq: FaqInfo, in_intake: bool) -> Reply:
    buttons = [] if in_intake else [faq_button(), advice_button()]
    return Reply(text=faq.answer, buttons=buttons)


def faq_menu(catalog: Catalog, asked: str = "", unsure: bool = False) -> Reply:
    """Questions to pick from: close ones after a weak match, else a starter set."""
    if unsure:
        lead = text("faq.unsure")
        questions = faq_search.close_questions(asked, catalog)
    else:
        lead = text("faq.menu")
        questions = faq_search.popular_questions(catalog)
    # Each question in the conversation's language; the click sends the English one.
    shown = shown_catalog(catalog).faqs
    buttons = [
        button(shown[faq.id].question if faq.id in shown else faq.question, faq.question)
        for faq in questions
    ]
    return Reply(text=lead, buttons=buttons + [compare_button()])


def _recommendation_for(role_id: str, advice: Advice | None) -> Recommendation | None:
    if advice is None:
        return None
    return next((rec for rec in advice.recommendations if rec.role_type == role_id), None)
