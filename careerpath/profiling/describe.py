"""How a person's facts read in plain English: the one place that words education.

:func:`education_of` resolves a person's education against the catalog once (names,
"graduate" or "holder", pursuing or not) into an :class:`EducationSummary`; its methods are
the phrasings the product uses, side by side so they change together:

* ``phrase()``        "B.Com graduate (commerce)", "pursuing B.Tech (computer science)" -
  the profile sentence, the intake's answers and the returning greeting;
* ``qualification()`` "B.Com", "pursuing B.A in English" - inside the advisor's sentences
  ("Your B.Com meets the minimum");
* ``report_row()``    "B.Com (completed), Commerce" - a counselor report's table row.

:class:`ProfileSummary` is a whole profile as named parts (education, experience, skills,
goals, preferences); ``Profile.describe`` joins them into one sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from careerpath.wording import plural, text

GRADUATE_LEVEL = "graduate"


def lower_first(text: str) -> str:
    """'A stable job' -> 'a stable job', but acronyms stay: 'BPO hires', 'MS Excel', 'PhD'."""
    first_word = text.split(" ", 1)[0]
    if first_word[:1].isupper() and (len(first_word) == 1 or first_word[1:].islower()):
        return text[0].lower() + text[1:]
    return text


def name_of(table: dict[str, Any], item_id: str) -> str:
    """The catalog's name for ``item_id``, or the id made readable when the catalog lacks it."""
    info = table.get(item_id) if table is not None else None
    return info.name if info is not None else item_id.replace("_", " ")


@dataclass(frozen=True)
class EducationSummary:
    """A person's education in the catalog's words."""

    degree: str | None  # degree name, e.g. "B.Com"
    level: str | None  # level name, e.g. "12th pass" (the degree's level if not stated)
    field: str | None  # field name, e.g. "Commerce"
    pursuing: bool
    degree_has_own_field: bool  # the degree names its subject (B.Com) rather than not (B.A)
    holder_word: str  # "graduate", or "holder" for a diploma or trade certificate

    def phrase(self) -> str:
        field_note = f" ({lower_first(self.field)})" if self.field else ""
        if self.degree:
            held = (
                text("describe.pursuing", qualification=self.degree)
                if self.pursuing
                else text("describe.degree_holder", degree=self.degree, holder=self.holder_word)
            )
            return held + field_note
        if self.level:
            studying = text("describe.studying_for", level=self.level)
            return (studying if self.pursuing else self.level) + field_note
        return text("describe.studied", field=lower_first(self.field)) if self.field else ""

    def qualification(self, with_state: bool = True) -> str:
        """What the person holds (or works towards); ``with_state=False`` drops "pursuing"."""
        held = self.degree or self.level or ""
        if not held:
            return text("describe.education_not_given")
        if self.field and (not self.degree or not self.degree_has_own_field):
            held = text("describe.in_field", qualification=held, field=self.field)
        return (
            text("describe.pursuing", qualification=held) if self.pursuing and with_state else held
        )

    def report_row(self) -> str:
        if self.degree:
            row = text(
                "describe.degree_pursuing" if self.pursuing else "describe.degree_completed",
                degree=self.degree,
            )
        elif self.level:
            row = text("describe.level_studying", level=self.level) if self.pursuing else self.level
        else:
            row = text("value.not_given")
        return f"{row}, {self.field}" if self.field else row


def education_of(
    catalog, level: str | None, degree: str | None, field: str | None, pursuing: bool
) -> EducationSummary:
    """Resolve ids against the catalog; unknown ids read as themselves."""
    degree_info = catalog.degrees.get(degree) if degree else None
    level_id = level or (degree_info.level if degree_info is not None else None)
    return EducationSummary(
        degree=name_of(catalog.degrees, degree) if degree else None,
        level=name_of(catalog.levels, level_id) if level_id else None,
        field=name_of(catalog.fields, field) if field else None,
        pursuing=bool(pursuing),
        degree_has_own_field=bool(degree_info is not None and degree_info.field is not None),
        holder_word=_holder_word(catalog, degree_info),
    )


def _holder_word(catalog, degree_info) -> str:
    """ "B.Com graduate", but "D.Pharm holder" and "ITI certificate holder": a diploma or a
    trade certificate is not a graduation."""
    if degree_info is None or (
        catalog.level_ordinal(degree_info.level) >= catalog.level_ordinal(GRADUATE_LEVEL)
    ):
        return text("describe.graduate")
    return text("describe.holder")


def experience_phrase(years: float | None, fresher: bool | None) -> str:
    """ "2 years of work experience", "fresher", or "" when not known."""
    if years:
        return plural("describe.experience_years", years)
    if fresher or years == 0:
        return text("value.fresher")
    return ""


@dataclass(frozen=True)
class ProfileSummary:
    """A profile as named, catalog-worded parts (empty parts are empty)."""

    education: EducationSummary | None
    experience: str
    skills: tuple[str, ...]
    no_skills: bool
    goals: tuple[str, ...]
    preferences: tuple[str, ...]
    interests: tuple[str, ...] = ()

    def headline(self) -> str:
        """Education and experience: "B.Com graduate (commerce), fresher" (may be "")."""
        education = self.education.phrase() if self.education is not None else ""
        return ", ".join(part for part in (education, self.experience) if part)

    def sentence(self) -> str:
        """ "B.Com graduate (commerce), fresher; skills: MS Excel, Tally; wants: a stable job"."""
        head = self.headline()
        sections = [head] if head else []
        if self.skills:
            sections.append(text("describe.skills", skills=", ".join(self.skills)))
        elif self.no_skills:
            sections.append(text("describe.no_skills"))
        if self.goals:
            sections.append(
                text("describe.wants", goals=", ".join(lower_first(goal) for goal in self.goals))
            )
        if self.preferences:
            preferences = ", ".join(lower_first(p) for p in self.preferences)
            sections.append(text("describe.prefers", preferences=preferences))
        if self.interests:
            interests = ", ".join(lower_first(interest) for interest in self.interests)
            sections.append(text("describe.enjoys", interests=interests))
        if not sections:
            return text("describe.nothing_known")
        sentence = "; ".join(sections)
        return sentence[0].upper() + sentence[1:]


def summarise(facts, catalog) -> ProfileSummary:
    """``facts``: a Profile or an Extraction."""
    has_education = bool(facts.degree or facts.education_level or facts.field)
    return ProfileSummary(
        education=education_of(
            catalog, facts.education_level, facts.degree, facts.field, facts.pursuing
        )
        if has_education
        else None,
        experience=experience_phrase(facts.experience_years, facts.fresher),
        skills=tuple(name_of(catalog.skills, skill) for skill in facts.skills),
        no_skills=bool(facts.no_skills),
        goals=tuple(name_of(catalog.goals, goal) for goal in facts.goals),
        preferences=tuple(name_of(catalog.preferences, p) for p in facts.preferences),
        interests=tuple(
            name_of(getattr(catalog, "interests", {}), i) for i in getattr(facts, "interests", ())
        ),
    )
