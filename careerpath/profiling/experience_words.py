"""How people talk about work already done: "fresher" in its many forms, durations ("2 yrs",
"do saal") and the words around a duration that mean it is not experience. Like
``language``, cue words only, normalised by ``unify_spelling``."""

from __future__ import annotations

import re

FRESHER_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\bfreshers?\b",
        r"\bno (?:work |job |prior |previous |professional |real )?(?:experience|exp)\b",
        r"\b(?:zero|0|nil) (?:years? )?(?:of )?(?:work |job )?(?:experience|exp)\b",
        r"\b(?:never|not|not yet) worked\b",
        r"\b(?:have|has) not worked\b",
        r"\b(?:do|did) not (?:have|had) (?:any )?(?:work |job )?experience\b",
        r"\bnew to (?:the )?(?:job|work|industry|corporate)\b",
        r"\bexperience (?:nahi|nahin|nhi|nai)\b",
        # Hindi, romanised from Devanagari or typed: "freshar", "koi anubhav nahin",
        # "abhi tak koi naukri nahin ki"
        r"\bfreshar\b",
        r"\b(?:koi )?anubhav (?:nahi|nahin|nhi)\b",
        r"\b(?:koi )?(?:naukri|job|kaam) (?:nahi|nahin|nhi) (?:ki|kiya|kari)\b",
        # Internships only: in Indian hiring still a fresher ("only internships", "sirf
        # internship ki hai", "internship experience only")
        r"\b(?:only|just|sirf|bas) (?:an? |one |two |some |few |\d )?(?:summer )?"
        r"(?:internships?|interns?hips?|internshps?|intern ?ships?)\b",
        r"\b(?:internships?|internshps?|intern ?ships?) (?:experience |exp )?(?:only|hi|he)\b",
    )
)
# Words after a qualification that make it a workplace: "1 year in a CA firm".
WORKPLACE_WORDS = frozenset({"firm", "firms", "office", "company", "ltd", "pvt", "agency"})
NONE_ANSWERS = frozenset(
    {"no", "none", "nil", "nope", "nothing", "zero", "0", "nahi", "nahin", "na", "n/a"}
)

NUMBER_WORDS = {
    "a": 1.0,
    "an": 1.0,
    "one": 1.0,
    "two": 2.0,
    "three": 3.0,
    "four": 4.0,
    "five": 5.0,
    "six": 6.0,
    "seven": 7.0,
    "eight": 8.0,
    "nine": 9.0,
    "ten": 10.0,
    "eleven": 11.0,
    "twelve": 12.0,
    "half": 0.5,
    "one and a half": 1.5,
    "two and a half": 2.5,
    "couple of": 2.0,
    "a couple of": 2.0,
    "ek": 1.0,
    "do": 2.0,
    "teen": 3.0,
    "char": 4.0,
    "paanch": 5.0,
    "chhe": 6.0,
}
_NUMBER = "|".join(sorted((re.escape(word) for word in NUMBER_WORDS), key=len, reverse=True))
DURATION = re.compile(
    rf"(?<![\w.])(?P<number>\d{{1,2}}(?:\.\d{{1,2}})?|{_NUMBER})\s?(?P<plus>\+|plus)?\s?"
    r"(?P<unit>years?|yrs?|yr\.|saal|sal|months?|mos|mnths?|mths?|mahine|mahina)\b"
)
# Just before a duration these mean it is not work already done: "in 2 years", "age 22 years".
NOT_EXPERIENCE_BEFORE = frozenset({"in", "within", "after", "next", "age", "aged"})
# A few words before a duration that make it the length of something else: "fees for 3
# months", "salary for 2 years experience", "training of 6 months".
NOT_EXPERIENCE_ABOUT = frozenset(
    {
        "fee",
        "fees",
        "cost",
        "costs",
        "price",
        "charges",
        "course",
        "training",
        "classes",
        "batch",
        "duration",
        "salary",
        "stipend",
        "package",
    }
)
# Just after a duration: "22 years old", "2 year gap", "3 year degree", "2 years ago".
NOT_EXPERIENCE_AFTER = frozenset(
    {
        "old",
        "gap",
        "break",
        "course",
        "degree",
        "program",
        "programme",
        "diploma",
        "integrated",
        "ago",
        "back",
        "later",
        "study",
        "studies",
        "college",
        "education",
        "schooling",
        "graduation",
        "bachelor",
        "bachelors",
        "master",
        "masters",
        "age",
    }
)
