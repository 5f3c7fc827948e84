"""Skills read from what people say they do: "I repair laptops" -> technical troubleshooting.

The knowledge base lists, per skill, verbs and objects that show it when said together
(skills.yml ``activities``). They become spaCy ``Matcher`` patterns on lemmas, so
"repairing laptops", "I repair laptops and wifi routers" and "laptop repair" all match:

* verb first, then the object within ``GAP`` words ("sell insurance on the phone");
* object first, right before the verb or one word away ("router setup", "laptop repair").

A gap never crosses punctuation or a word that starts another clause ("but", "because").
"""

from __future__ import annotations

from careerpath.profiling import language as lang
from careerpath.profiling.nlp import import_spacy
from careerpath.profiling.spelling import unify_spelling

GAP = 4  # words allowed between a verb and its object
OBJECT_FIRST_GAP = 1
# Words a gap may not hold: clause breaks (but "and" and "," may join a list of objects).
_GAP_STOPS = sorted((lang.CLAUSE_BREAKS - {","}) | {"not", "no", "never", "nahi", "nahin"})

Activity = tuple[int, int, str]  # (first token, end token, skill id)


class ActivityMatcher:
    """The catalog's skill activities as one spaCy Matcher."""

    def __init__(self, nlp, catalog):
        import_spacy()
        from spacy.matcher import Matcher

        self._matcher = Matcher(nlp.vocab)
        self._skills: dict[int, str] = {}
        self.words: set[str] = set()  # every verb and object form: never "unrecognised"
        gap_token = {"LOWER": {"NOT_IN": _GAP_STOPS}, "IS_PUNCT": False, "OP": "?"}
        for skill in catalog.skills.values():
            patterns = []
            for verbs, objects in getattr(skill, "activities", ()):
                verb_forms, object_forms = _forms(nlp, verbs), _forms(nlp, objects)
                self.words.update(verb_forms + object_forms)
                verb = {"LEMMA": {"IN": verb_forms}}
                thing = {"LEMMA": {"IN": object_forms}}
                patterns.append([verb, *[gap_token] * GAP, thing])
                patterns.append([thing, *[gap_token] * OBJECT_FIRST_GAP, verb])
            if patterns:
                key = f"activity_{skill.id}"
                self._skills[nlp.vocab.strings.add(key)] = skill.id
                self._matcher.add(key, patterns)

    def find(self, doc) -> list[Activity]:
        """Every (start, end, skill id) found in ``doc``, shortest match per start."""
        found: dict[tuple[int, str], int] = {}
        if not self._skills:  # a knowledge base without activities
            return []
        for key, start, end in self._matcher(doc):
            skill = self._skills[key]
            if (start, skill) not in found or end < found[(start, skill)]:
                found[(start, skill)] = end
        return sorted((start, end, skill) for (start, skill), end in found.items())


def _forms(nlp, words) -> list[str]:
    """The words and their lemmas, lower-case ("repairing" and "repair" both match); a word
    written in Devanagari ("रिपेयर") is spelled as messages are (``unify_spelling``)."""
    forms = set()
    for word in words:
        word = unify_spelling(word).text
        forms.add(word)
        forms.update(token.lemma_.lower() for token in nlp(word))
    return sorted(forms)
