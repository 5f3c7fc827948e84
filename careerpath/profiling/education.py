"""Reading a person's education from the matched degree, level and field phrases.

"pursuing"/"pass" cues and partial professional qualifications ("CA inter") decide how each
qualification is read; the highest completed one wins, and one under way wins only when it
is higher. The field is an explicit one near the qualification, else the degree's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from careerpath.profiling import experience_words
from careerpath.profiling import language as lang
from careerpath.profiling.message import AnalysedMessage, Span, add_unique, find_sequences
from careerpath.profiling.profile import Extraction

EDUCATION_KINDS = ("degree", "level")
# Tokens between a degree and the field that specialises it ("BA in English literature").
FIELD_REACH = 3

_FIELD_CONTEXT_WORDS = frozenset(
    {
        "studied",
        "study",
        "studies",
        "stream",
        "background",
        "branch",
        "specialisation",
        "specialization",
        "major",
        "majoring",
        "graduate",
        "graduation",
        "degree",
        "diploma",
        "course",
        "honours",
        "hons",
        "student",
        "studying",
        "pursuing",
        "doing",
    }
)


@dataclass
class EducationMention:
    span: Span
    degree: str | None
    level: str
    ordinal: int
    state: str = "plain"  # plain / completed / pursuing / partial


def is_education(span: Span) -> bool:
    return any(span.has(kind) for kind in EDUCATION_KINDS)


def at_workplace(words: Sequence[str], span: Span) -> bool:
    """ "a CA firm", "an MBA company": the qualification names a place of work here."""
    return span.end < len(words) and words[span.end] in experience_words.WORKPLACE_WORDS


def read_education(message: AnalysedMessage, extraction: Extraction, catalog) -> None:
    words = message.words
    partial_tokens: set[int] = set()
    mentions: list[EducationMention] = []
    for span in message.spans:
        if (
            not is_education(span)
            or message.negated(span.start, span.end)
            or at_workplace(words, span)
        ):
            continue
        mention = _education_mention(span, catalog)
        if mention is None:
            continue
        marker = _partial_marker(words, span.end) if mention.degree else 0
        if marker:
            partial_tokens.update(range(span.end, span.end + marker))
        if marker or (mention.degree and _ends_with_partial_marker(words, span)):
            mention.state = "partial"
        mentions.append(mention)
    # "inter" after "CA" is the CA stage, not the intermediate (12th) level.
    mentions = [
        m
        for m in mentions
        if not (
            m.state != "partial"
            and m.degree is None
            and partial_tokens & set(range(m.span.start, m.span.end))
        )
    ]
    mentions = _without_restated_levels(mentions)
    _attach_state_cues(words, mentions)
    chosen = _choose_education(mentions, extraction, catalog)
    if chosen is not None:
        extraction.education_level = chosen.level
        extraction.degree = chosen.degree or _same_level_degree(mentions, chosen)
        extraction.pursuing = chosen.state in ("pursuing", "partial")
    extraction.field = _field(message, mentions, chosen, extraction.degree, catalog)


def _education_mention(span: Span, catalog) -> EducationMention | None:
    degrees = [d for d in span.ids("degree") if d in catalog.degrees]
    levels = {catalog.degrees[d].level for d in degrees} | set(span.ids("level"))
    levels = {level for level in levels if level in catalog.levels}
    if not levels:
        return None
    level = max(levels, key=catalog.level_ordinal)
    degree = degrees[0] if len(degrees) == 1 else None  # one phrase, two degrees: don't pick
    if degree is not None:
        level = catalog.degrees[degree].level
    return EducationMention(span, degree, level, catalog.level_ordinal(level))


def _attach_state_cues(words: Sequence[str], mentions: list[EducationMention]) -> None:
    """Each "pass"/"pursuing" cue describes the nearest qualification within reach."""
    if not mentions:
        return
    completed: set[int] = set()
    pursuing: set[int] = set()
    for cues, into, prefer_following in (
        (lang.COMPLETED_CUES, completed, False),
        (lang.PURSUING_CUES, pursuing, True),
    ):
        for cue_start, cue_end in find_sequences(words, cues):
            # A cue inside a matched phrase ("12th pass") belongs to that phrase.
            inside = [i for i, m in enumerate(mentions) if m.span.overlaps(cue_start, cue_end)]
            target = (
                inside[0]
                if inside
                else _nearest_mention(words, mentions, cue_start, cue_end, prefer_following)
            )
            if target is not None:
                into.add(target)
    for index, mention in enumerate(mentions):
        if mention.state == "partial":
            continue
        if index in completed:
            mention.state = "completed"
        elif index in pursuing:
            mention.state = "pursuing"


def _choose_education(
    mentions: list[EducationMention], extraction: Extraction, catalog
) -> EducationMention | None:
    """Highest completed qualification; a degree under way wins only when it is higher.

    A partly-done professional qualification ("CFA L1") never outranks a completed one.
    """

    def best(states):
        group = [m for m in mentions if m.state in states]
        return max(
            group, key=lambda m: (m.ordinal, m.degree is not None, -m.span.start), default=None
        )

    completed, pursued = best(("plain", "completed")), best(("pursuing",))
    partial = best(("partial",))
    if pursued is not None and (completed is None or pursued.ordinal > completed.ordinal):
        chosen = pursued
    elif completed is not None:
        chosen = completed
    else:
        chosen = partial
    for mention in mentions:
        if mention is chosen or mention.state not in ("pursuing", "partial"):
            continue
        if (
            chosen is not None
            and mention.degree is None
            and mention.level == chosen.level
            and chosen.state in ("pursuing", "partial")
        ):
            continue  # "graduation chal rahi hai, BA second year": one course said twice
        add_unique(extraction.in_progress, mention.degree or mention.level)
        if chosen is not None:
            extraction.notes.append(
                f"{_name(mention, catalog)} is noted as in progress; the "
                f"highest completed qualification is {_name(chosen, catalog)}."
            )
    return chosen


def _name(mention: EducationMention, catalog) -> str:
    if mention.degree:
        return catalog.degrees[mention.degree].name
    return catalog.levels[mention.level].name


def _same_level_degree(mentions: list[EducationMention], chosen: EducationMention) -> str | None:
    """ "graduate, B.Com" -> the level came from "graduate", the degree from "B.Com"."""
    for mention in mentions:
        if mention.degree and mention.level == chosen.level and mention.state == chosen.state:
            return mention.degree
    return None


def _field(message: AnalysedMessage, mentions, chosen, degree: str | None, catalog) -> str | None:
    """An explicit field ("CSE", "finance") near the qualification, else the degree's own field."""
    context = (
        bool(mentions)
        or message.expect == "education"
        or any(word in _FIELD_CONTEXT_WORDS for word in message.words)
        or bool(find_sequences(message.words, lang.PURSUING_CUES))
    )
    explicit = (
        [
            span
            for span in message.spans
            if span.has("field") and not message.negated(span.start, span.end)
        ]
        if context
        else []
    )
    if chosen is not None:  # "MBA finance", "commerce graduate": the field sits next to the degree
        explicit = [span for span in explicit if _gap(span, chosen.span) <= FIELD_REACH]
    if explicit:
        anchor = chosen.span.start if chosen is not None else 0
        nearest = min(explicit, key=lambda span: (abs(span.start - anchor), span.start))
        fields = [f for f in nearest.ids("field") if f in catalog.fields]
        if len(fields) == 1:
            return fields[0]
    if degree is not None:
        return catalog.degrees[degree].field
    return None


def _partial_marker(words: Sequence[str], position: int) -> int:
    """Length of a "partly done" marker right after a qualification ("inter", "L1"), else 0."""
    for marker in sorted(lang.PARTIAL_MARKERS, key=len, reverse=True):
        size = len(marker)
        if tuple(words[position : position + size]) != marker:
            continue
        following = words[position + size] if position + size < len(words) else ""
        if marker == ("final",) and following in (
            "year",
            "yr",
            "sem",
            "semester",
            "cleared",
            "passed",
            "pass",
            "completed",
            "done",
        ):
            continue  # "BTech final year" is pursuing; "CA final cleared" is done
        return size
    return 0


def _ends_with_partial_marker(words: Sequence[str], span: Span) -> bool:
    """A synonym that itself names a stage: "cfa l1", "ca final", "cs executive"."""
    for marker in lang.PARTIAL_MARKERS:
        size = len(marker)
        if span.end - span.start > size and tuple(words[span.end - size : span.end]) == marker:
            return True
    return False


def _without_restated_levels(mentions: list[EducationMention]) -> list[EducationMention]:
    """ "B.Com graduate": the level word restates the degree next to it; keep one mention."""
    degrees = [m for m in mentions if m.degree is not None]
    return [
        m
        for m in mentions
        if m.degree is not None
        or not any(d.level == m.level and _gap(d.span, m.span) <= 1 for d in degrees)
    ]


def _gap(first: Span, second: Span) -> int:
    """Tokens between two spans (0 when adjacent or overlapping)."""
    return max(0, second.start - first.end, first.start - second.end)


def _nearest_mention(
    words: Sequence[str],
    mentions: list[EducationMention],
    cue_start: int,
    cue_end: int,
    prefer_following: bool,
) -> int | None:
    best: tuple[int, int, int] | None = None
    for index, mention in enumerate(mentions):
        span = mention.span
        if span.overlaps(cue_start, cue_end):
            continue
        if span.start >= cue_end:
            gap, between, following = span.start - cue_end, words[cue_end : span.start], True
        else:
            gap, between, following = cue_start - span.end, words[span.end : cue_start], False
        if gap > lang.CUE_REACH or any(
            word in lang.SENTENCE_BREAKS or word == "but" for word in between
        ):
            continue
        rank = (gap, 0 if following == prefer_following else 1, index)
        if best is None or rank < best:
            best = rank
    return best[2] if best is not None else None


def state_cue_words() -> frozenset:
    """Every word of a pursuing/completed/partial cue (they explain themselves: not unknown)."""
    return frozenset(
        word
        for cue in (*lang.PURSUING_CUES, *lang.COMPLETED_CUES, *lang.PARTIAL_MARKERS)
        for word in cue
    )
