"""Which role types a message is about, found by name, short form or job title.

Every phrase comes from the knowledge base: a role's name (with and without its track word,
each side of "X and Y"), its short forms, acronyms of its name ("IP", "AI/ML", "F&A",
"HRO"), and the job titles of its entry roles and growth path ("Medical Coder",
"Telecaller"). Words are compared after light stemming ("coder" = "coding") and with a typo
allowed in longer words ("analist", "paralegel"), or by sound ("medikal kodar", "telikolar",
see sound_alike). Names in the other languages of the knowledge base (romanised: "risk aur
kanplayans") and what job ads call a role (roles.yml's aliases: "CSR", "call center agent")
are phrases too. A phrase counts when the message holds its distinctive words (a word few
roles share); words many roles share ("executive", "associate", "support") only add weight.
A message that names BPO or KPO keeps to that track. Nothing here guesses between equals: a
tie is reported as ambiguous.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from math import log

from careerpath.kb.catalog import Catalog, RoleInfo
from careerpath.profiling.devanagari import DEVANAGARI_RUN, romanise_match
from careerpath.runtime import Runtime

from .sound_alike import close_spelling, sound_key, sounds_alike, words_heard

TRACK_WORDS = {"bpo": "BPO", "kpo": "KPO", "lpo": "KPO"}
# Job-level words: they say how senior, not which work ("Senior Executive", "Team Leader").
LEVEL_WORDS = frozenset(
    """
executive associate analyst engineer trainee officer assistant coordinator consultant
specialist senior junior lead leader team manager supervisor head director expert subject
matter principal domain operations operation quality l1 l2 job jobs role roles work process
""".split()  # noqa: SIM905 - a word list reads best as text
)
# Words in a name that do not say which work ("Data Entry and Processing": "process").
NAME_NOISE = frozenset({"process", "job", "jobs", "work", "role"})
# Kinds of phrase, strongest first: a name beats a job title of equal length; what job ads
# call a role (an alias) settles a job title several roles list ("telecaller").
NAME, SHORT_FORM, PARTIAL_NAME, ALIAS, TITLE = 3.0, 2.5, 2.4, 2.3, 2.0
JOB_TITLES = (ALIAS, TITLE)
# One word of a name ("consulting", "AI", "domestic") names the role only next to a word that
# says a kind of work is meant ("consulting KPO", "domestic process"), not in "what should I
# learn" or "I want international exposure".
CONTEXT_WORDS = frozenset({"bpo", "kpo", "process", "sector", "industry", "field", "domain"})
# A role whose best phrase scores within this of the best role's is a tie.
TIE_MARGIN = 0.08

_BRACKET = re.compile(r"\(([^)]*)\)")
_SUFFIXES = ("ational", "ation", "ings", "ing", "ers", "er", "ists", "ist", "ics", "ic", "es", "s")


def words(text: str) -> list[str]:
    """Lower-case words; "&" and "/" become word breaks ("R&D" -> r and d, "AI/ML" -> ai ml)."""
    text = text.lower().replace("&", " and ").replace("/", " ")
    return re.sub(r"[^\w\s]", " ", text).split()


def stem(word: str) -> str:
    """A crude stem, enough for job titles: coder/coding -> cod, analytics -> analyt."""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class Phrase:
    role_id: str
    stems: tuple[str, ...]
    kind: float
    position: int  # order within the role's list of that kind (earlier = more typical)
    sounds: tuple[str, ...] = ()  # per stem, how its whole word sounds (sound_alike)


@dataclass
class RoleMatch:
    """The roles a piece of text names, best first; ``ambiguous`` when the best tie."""

    roles: list[str] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    ambiguous: bool = False
    # Roles found only by one word of a name, and that word's stem ("ai", "consult").
    partial: dict[str, str] = field(default_factory=dict)
    # Roles found by a whole job title or job-ad name, word for word ("telecaller").
    by_title: frozenset[str] = frozenset()
    # Roles found by a whole phrase of any kind but one word of a name, word for word.
    whole: frozenset[str] = frozenset()

    @property
    def role(self) -> str | None:
        return self.roles[0] if self.roles and not self.ambiguous else None


def _name_phrases(role: RoleInfo) -> list[tuple[list[str], float]]:
    """The name and the forms people shorten it to."""
    bracket = [w for part in _BRACKET.findall(role.name) for w in words(part)]
    bare = [w for w in words(_BRACKET.sub(" ", role.name)) if w not in TRACK_WORDS]
    found: list[tuple[list[str], float]] = [(bare, NAME)]
    found += [(words(form), SHORT_FORM) for form in role.short_forms]
    if bracket:  # "Human Resource (HR) BPO": HR, HRO; "(LPO)"; "(R&D)"; "(IP)"
        found.append((bracket, SHORT_FORM))
        if len(bracket) == 1:
            found.append(([bracket[0] + "o"], SHORT_FORM))
    sides = _split_and(bare)
    if len(sides) > 1:
        found += [(side, SHORT_FORM) for side in sides]
        initials = [_acronym(side) for side in sides]
        if all(len(a) >= 2 for a in initials):  # "AI/ML"
            found.append((initials, SHORT_FORM))
            found += [([a], PARTIAL_NAME) for a in initials]
        if all(len(a) == 1 for a in initials):  # "F&A"
            found.append(([initials[0], "and", initials[1]], SHORT_FORM))
    elif len(bare) >= 2:
        acronym = _acronym(bare[:2])  # "Intellectual Property Research" -> IP research
        found.append(([acronym, *bare[2:]], SHORT_FORM))
        if len(bare) == 2:  # "Back Office" -> "BO process"
            found.append(([acronym, "process"], SHORT_FORM))
    return [(phrase, kind) for phrase, kind in found if phrase]


def _unique_name_words(catalog: Catalog) -> dict[str, list[str]]:
    """Per role, the words of its name no other role's name has ("consulting", "patent")."""
    owners: dict[str, set] = defaultdict(set)
    names = {}
    for role in catalog.roles.values():
        names[role.id] = [
            w for w in words(_BRACKET.sub(" ", role.name)) if w not in TRACK_WORDS and w != "and"
        ]
        for word in names[role.id]:
            owners[stem(word)].add(role.id)
    return {
        role_id: [w for w in tokens if len(owners[stem(w)]) == 1 and len(tokens) > 1]
        for role_id, tokens in names.items()
    }


def _split_and(tokens: list[str]) -> list[list[str]]:
    sides: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        if token == "and":
            sides.append(current)
            current = []
        else:
            current.append(token)
    sides.append(current)
    return [side for side in sides if side]


def _acronym(tokens: Sequence[str]) -> str:
    return "".join(token[0] for token in tokens if token != "and")


def _title_phrases(role: RoleInfo) -> list[tuple[list[str], bool]]:
    """Entry and growth job titles, each "A / B" split, the bracket's qualifier dropped
    (and said: "Telecaller" is more typical of a role than "Telecaller (Domestic)")."""
    titles = list(role.entry_roles) + [step.title for step in role.growth_path]
    found = []
    for title in titles:
        for part in title.split(" / "):
            found.append((words(_BRACKET.sub(" ", part)), bool(_BRACKET.search(part))))
    return found


def _alias_phrases(role: RoleInfo) -> list[list[str]]:
    """What job ads call the role ("CSR", "tele caller", "KPO analyst"), from roles.yml."""
    return [words(alias) for alias in role.aliases]


def _other_language_names(catalog: Catalog) -> list[tuple[str, list[str], float]]:
    """Each role's name in the other languages of the knowledge base, romanised as Hinglish
    ("कस्टमर सपोर्ट BPO" -> "kastamar saport"), so a Devanagari question (romanised before
    the lookup) or a name typed by ear finds the role; the bracket only explains the name."""
    found = []
    for language in catalog.languages:
        if language == catalog.language:
            continue
        for role_id, role in catalog.localized(language).roles.items():
            name = DEVANAGARI_RUN.sub(romanise_match, _BRACKET.sub(" ", role.name))
            english = [
                w
                for w in words(_BRACKET.sub(" ", catalog.roles[role_id].name))
                if w != "and" and w not in TRACK_WORDS
            ]
            literal = [
                w for w in words(re.sub(r"\b(?:aur|end)\b", " and ", name)) if w not in TRACK_WORDS
            ]
            if literal and [w for w in literal if w != "and"] != english:
                # exactly as Devanagari is romanised ("vois"): two letters of sound say too
                # little to find it by sound alone
                found.append((role_id, literal, NAME))
            tokens = [_as_english(w, english) for w in literal]
            if not tokens or [w for w in tokens if w != "and"] == english or tokens == literal:
                continue  # the English name, or as it sounds: found by sound already
            found.append((role_id, tokens, NAME))
            sides = _split_and(tokens)
            if len(sides) > 1:  # "kanplayans" of "risk aur kanplayans"
                found += [
                    (role_id, side, SHORT_FORM)
                    for side in sides
                    if any(w not in english for w in side)
                ]
    return found


def _as_english(word: str, english: Sequence[str]) -> str:
    """A romanised loanword as the English word of the name it sounds like ("prosesing" ->
    "processing"), so it is as distinctive (or as generic) as that word."""
    key = sound_key(word)
    return next((e for e in english if key and sound_key(e) == key), word)


def _qualifiers(role: RoleInfo) -> list[list[str]]:
    """One-word qualifiers of entry titles: "(Domestic)", "(International)", "(F&A)"."""
    found = []
    for title in role.entry_roles:
        for part in _BRACKET.findall(title):
            tokens = words(part)
            if tokens and (len(tokens) == 1 or "and" in tokens):
                found.append(tokens)
    return found


class RoleIndex:
    """The phrases of every role, with how distinctive each word is."""

    def __init__(self, catalog: Catalog) -> None:
        self.tracks = {role.id: role.track for role in catalog.roles.values()}
        self.function_roles = {
            role.id for role in catalog.roles.values() if role.category_kind == "function"
        }
        raw: list[tuple[str, list[str], float, int]] = []
        unique_words = _unique_name_words(catalog)
        for role in catalog.roles.values():
            for position, (tokens, kind) in enumerate(_name_phrases(role)):
                raw.append((role.id, tokens, kind, position))
            for word in unique_words[role.id]:
                raw.append((role.id, [word], PARTIAL_NAME, 9))
            for position, (tokens, qualified) in enumerate(_title_phrases(role)):
                raw.append((role.id, tokens, TITLE, position + (10 if qualified else 0)))
            for tokens in _qualifiers(role):
                raw.append((role.id, tokens, PARTIAL_NAME if len(tokens) == 1 else SHORT_FORM, 9))
            for position, tokens in enumerate(_alias_phrases(role)):
                raw.append((role.id, tokens, ALIAS, position))
        for role_id, tokens, kind in _other_language_names(catalog):
            raw.append((role_id, tokens, kind, 1))
        owners: dict[tuple[bool, str], set] = defaultdict(set)
        for role_id, tokens, kind, _ in raw:
            for token in tokens:
                owners[(kind in JOB_TITLES, stem(token))].add(role_id)
        count = len(catalog.roles) or 1
        # How distinctive a word is, separately among names and among job titles: "consulting"
        # names one role although every KPO ladder has a "Lead Consultant".
        self.weight = {key: log(1 + count / len(roles)) for key, roles in owners.items()}
        self.generic = {
            key
            for key, roles in owners.items()
            if len(roles) >= 4 or key[1] in (LEVEL_WORDS if key[0] else NAME_NOISE)
        }
        self.phrases = tuple(
            Phrase(
                role_id,
                tuple(stem(t) for t in tokens if t != "and"),
                kind,
                position,
                tuple(sound_key(t) for t in tokens if t != "and"),
            )
            for role_id, tokens, kind, position in raw
            if any(t != "and" for t in tokens)
        )

    def _phrase_score(
        self, phrase: Phrase, asked: Sequence[str], asked_sounds: Sequence[str] = ()
    ) -> float:
        titles = phrase.kind in JOB_TITLES
        exact = {s for s in phrase.stems if s in asked}
        present = exact | {s for s in phrase.stems if any(close_spelling(a, s) for a in asked)}
        distinctive = [s for s in phrase.stems if (titles, s) not in self.generic]
        if asked_sounds and len(exact) < len(phrase.stems):  # "medikal kodar", "telikolar"
            # The same sound is the word, spelled as heard (or romanised from Devanagari:
            # "onshor" of "ऑनशोर"); a letter left out is a near miss, like a typo.
            same, near = words_heard(
                list(zip(phrase.stems, phrase.sounds, strict=True)),
                asked_sounds,
                present,
                distinctive,
            )
            exact |= same
            present |= same | near
        if distinctive:
            if not all(s in present for s in distinctive):
                return 0.0
        elif len(present) < len(phrase.stems) or len(phrase.stems) < 2:
            return 0.0  # "Manager" or "processing" alone names no role
        # A word matched only through a typo or an abbreviation counts half.
        score = sum(
            self.weight.get((titles, s), 0.0) * (1.0 if s in exact else 0.5) for s in present
        )
        return score * phrase.kind / 3.0 - 0.01 * phrase.position

    def find(self, text: str) -> RoleMatch:
        tokens = words(text)
        asked_tracks = {TRACK_WORDS[t] for t in tokens if t in TRACK_WORDS and t != "lpo"}
        asked = [stem(t) for t in tokens if t not in ("bpo", "kpo")]
        if not asked:
            return RoleMatch()
        asked_sounds = [key for key in (sound_key(t) for t in tokens) if key]
        best: dict[str, float] = {}
        in_context = any(t in CONTEXT_WORDS for t in tokens)
        kinds: dict[str, Phrase] = {}
        for phrase in self.phrases:
            if phrase.kind == PARTIAL_NAME and not in_context:
                continue
            if len(asked_tracks) == 1 and self.tracks[phrase.role_id] not in asked_tracks:
                continue
            score = self._phrase_score(phrase, asked, asked_sounds)
            if score > best.get(phrase.role_id, 0.0):
                best[phrase.role_id] = score
                kinds[phrase.role_id] = phrase
        ranked = sorted(best, key=lambda r: (-best[r], r not in self.function_roles))
        if not ranked:
            return RoleMatch()
        top = best[ranked[0]]
        tied = [r for r in ranked if best[r] >= top - TIE_MARGIN]
        functions = [r for r in tied if r in self.function_roles]
        ambiguous = len(tied) > 1 and len(functions) != 1
        if len(tied) > 1 and len(functions) == 1:  # a function role beats an attribute one
            ranked.remove(functions[0])
            ranked.insert(0, functions[0])
        partial = {
            role: phrase.stems[0] for role, phrase in kinds.items() if phrase.kind == PARTIAL_NAME
        }
        whole = frozenset(
            role
            for role, phrase in kinds.items()
            if phrase.kind != PARTIAL_NAME
            and all(
                s in asked or any(sounds_alike(a, key) for a in asked_sounds)
                for s, key in zip(phrase.stems, phrase.sounds, strict=True)
            )
        )
        by_title = frozenset(role for role in whole if kinds[role].kind in JOB_TITLES)
        return RoleMatch(
            roles=ranked,
            scores=best,
            ambiguous=ambiguous,
            partial=partial,
            by_title=by_title,
            whole=whole,
        )


def role_index(catalog: Catalog) -> RoleIndex:
    """The index of ``catalog``'s roles, built once per knowledge base and process and kept by
    its runtime (``careerpath.runtime``)."""
    return Runtime.of(catalog).built("role_index", RoleIndex)


def find_roles(text: str, catalog: Catalog) -> RoleMatch:
    return role_index(catalog).find(text)


# ---- several roles in one message ("compare A and B", "A or B") ----------------------------------
_SEPARATORS = re.compile(
    r"\b(?:vs\.?|versus|or|and|aur|ya|with|than|compared to|compare|difference between|"
    r"between|better)\b|[,;]"
)


def roles_in_parts(text: str, catalog: Catalog) -> list[str]:
    """Distinct roles named in the pieces of a comparison, in the order mentioned."""
    index = role_index(catalog)
    pieces = [p for p in _SEPARATORS.split(text.lower()) if p and p.strip()]
    tracks = [TRACK_WORDS[t] for t in words(text) if t in ("bpo", "kpo")]
    found: list[str] = []
    for piece in pieces:
        piece_text = piece
        if not any(t in words(piece) for t in TRACK_WORDS) and len(set(tracks)) == 1:
            piece_text = f"{piece} {tracks[0].lower()}"  # "content vs consulting kpo"
        match = index.find(piece_text)
        if match.role and match.role not in found:
            found.append(match.role)
    return found


def mentioned_track_words(text: str) -> frozenset[str]:
    return frozenset(TRACK_WORDS[t] for t in words(text) if t in ("bpo", "kpo"))
