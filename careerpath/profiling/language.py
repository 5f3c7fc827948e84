"""How people talk about themselves: cue words, not knowledge-base facts.

The vocabulary of skills, degrees, goals and preferences comes from the knowledge base;
this module only knows English/Hinglish function words (negation, "pursuing", "I know")
that decide how a matched phrase is read. All entries are normalised (lower case,
contractions expanded by ``unify_spelling``).
"""

from __future__ import annotations

import re

NEGATORS = frozenset(
    {
        "not",
        "no",
        "never",
        "nahi",
        "nahin",
        "nhi",
        "nai",
        "na",
        "cannot",
        "without",
        "neither",
        "nor",
        "dont",
        "didnt",
        "doesnt",
        "havent",
        "hasnt",
        "zero",
    }
)
# Hinglish puts the negation after the thing ("excel nahi aata"), and so does "10th fail".
TRAILING_NEGATORS = frozenset(
    {"nahi", "nahin", "nhi", "nai", "fail", "failed", "dropout", "incomplete", "discontinued"}
)
NEGATION_WINDOW = 5  # tokens before a phrase that a negator reaches

# Words that end a clause: a negation or a claim does not carry over them.
CLAUSE_BREAKS = frozenset(
    {
        ".",
        "!",
        "?",
        ";",
        ",",
        ":",
        "but",
        "however",
        "though",
        "although",
        "except",
        "yet",
        "while",
        "whereas",
        "lekin",
        "par",
        "magar",
        "because",
        "so",
    }
)
# "and" starts a new clause when a verb or pronoun follows: "no degree and know excel".
CLAUSE_STARTERS = frozenset(
    {
        "i",
        "know",
        "can",
        "have",
        "has",
        "am",
        "do",
        "did",
        "want",
        "like",
        "use",
        "used",
        "worked",
        "work",
        "also",
        "good",
        "is",
        "are",
        "was",
        "my",
        "mujhe",
        "looking",
        "need",
        "prefer",
    }
)

# Education state cues.
PURSUING_CUES = (
    ("pursuing",),
    ("persuing",),
    ("pursing",),
    ("studying",),
    ("appearing",),
    ("doing",),
    ("currently", "in"),
    ("currently", "doing"),
    ("currently", "studying"),
    ("final", "year"),
    ("last", "year"),
    ("ongoing",),
    # "12th me hu", "beta 12th mein hai", "I am in 12th": in that class now, not passed yet
    ("me", "hu"),
    ("me", "hoon"),
    ("me", "hun"),
    ("me", "hai"),
    ("mein", "hu"),
    ("mein", "hoon"),
    ("mein", "hai"),
    ("am", "in"),
    ("in", "progress"),
    ("student",),
    ("sem",),
    ("semester",),
    ("1st", "year"),
    ("2nd", "year"),
    ("3rd", "year"),
    ("4th", "year"),
    ("first", "year"),
    ("second", "year"),
    ("third", "year"),
    ("fourth", "year"),
    ("kar", "raha"),
    ("kar", "rahi"),
    ("kar", "rha"),
    ("padh", "raha"),
    ("padh", "rahi"),
    ("chal", "rahi"),
    ("chal", "raha"),
    ("chal", "rha"),
    ("chal", "rhi"),
    ("1st", "yr"),
    ("2nd", "yr"),
    ("3rd", "yr"),
    ("4th", "yr"),
    ("final", "yr"),
    ("last", "yr"),
    ("second", "yr"),
    ("third", "yr"),
)
COMPLETED_CUES = (
    ("pass",),
    ("paas",),
    ("pas",),
    ("passed",),
    ("passout",),
    ("pass", "out"),
    ("passed", "out"),
    ("completed",),
    ("complete",),
    ("done",),
    ("finished",),
    ("graduated",),
    ("cleared",),
    ("qualified",),
    ("did",),
    ("holder",),
    ("graduate",),
    ("postgraduate",),
    ("post", "graduate"),
    ("kiya",),
    ("kiya", "hai"),
    ("kar", "liya"),
)
# After a professional qualification these say it is only partly done: "CA inter", "CFA L1".
PARTIAL_MARKERS = (
    ("inter",),
    ("intermediate",),
    ("foundation",),
    ("executive",),
    ("l1",),
    ("l2",),
    ("l3",),
    ("level", "1"),
    ("level", "2"),
    ("level", "3"),
    ("level", "i"),
    ("level", "ii"),
    ("level", "one"),
    ("level", "two"),
    ("part", "1"),
    ("part", "2"),
    ("part", "i"),
    ("part", "ii"),
    ("final",),
)
CUE_REACH = 4  # tokens between a state cue and the qualification it describes

# Phrases that introduce a claimed skill or qualification: what follows is reported if unknown.
CLAIM_CUES = (
    ("i", "know"),
    ("also", "know"),
    ("we", "know"),
    ("knowledge", "of"),
    ("good", "at"),
    ("good", "in"),
    ("skills", ":"),
    ("skill", ":"),
    ("my", "skills", "are"),
    ("my", "skills", "include"),
    ("skilled", "in"),
    ("expert", "in"),
    ("expertise", "in"),
    ("familiar", "with"),
    ("proficient", "in"),
    ("trained", "in"),
    ("certified", "in"),
    ("learned",),
    ("learnt",),
    ("can", "use"),
    ("experience", "in"),
    ("experience", "with"),
)
# A claim stops at these (the rest of the sentence is about something else).
CLAIM_STOPS = (CLAUSE_BREAKS - {","}) | frozenset(
    {
        "from",
        "at",
        "since",
        "for",
        "in",
        "with",
        "to",
        "i",
        "my",
        "about",
        "what",
        "which",
        "how",
        "where",
        "when",
        "why",
        "who",
        "that",
        "if",
        "whether",
    }
)
MAX_CLAIM_TOKENS = 16
SENTENCE_BREAKS = frozenset({".", "!", "?", ";"})
# An item naming a place of study is an institution, not a skill or a degree.
INSTITUTION_WORDS = frozenset(
    {"university", "college", "school", "institute", "academy", "vidyalaya", "iit", "nit", "campus"}
)
LIST_SEPARATORS = frozenset({",", "and", "&", "/", "or", "+", "aur", "|", "also", "plus"})
# Words around a claimed item that are not part of its name ("a little bit of SAP" -> "SAP").
CLAIM_FILLER_WORDS = frozenset(
    {
        "basic",
        "basics",
        "little",
        "bit",
        "good",
        "very",
        "well",
        "also",
        "skill",
        "skills",
        "knowledge",
        "how",
        "use",
        "using",
        "usage",
        "work",
        "working",
        "tool",
        "tools",
        "software",
        "etc",
        "things",
        "stuff",
        "some",
        "beginner",
        "advanced",
        "expert",
        "level",
        "degree",
        "course",
        "certificate",
        "certification",
        "hai",
        "aata",
        "ata",
        "mujhe",
        "thoda",
        "bhi",
        "yes",
        "ok",
        "okay",
        "pass",
        "passed",
        "fluent",
        "strong",
        "great",
        "excellent",
        "decent",
        "average",
        "like",
        "lot",
        "lots",
        "really",
        "quite",
        "pretty",
        "have",
        "had",
        "known",
        "know",
        "learning",
        "learnt",
        "learned",
        "familiar",
        "experience",
        "skilled",
        "proficient",
        "ji",
        "sir",
        "madam",
        "maam",
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "hello",
        "hi",
        "hey",
    }
)
MAX_CLAIM_WORDS = 4  # a longer "item" is a sentence, not the name of a skill
MAX_UNRECOGNISED = 8

# "No skills" in its many forms. Bare forms ("nothing", "none") only count in a short answer.
NO_SKILLS_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"\bno (?:\w+ ){0,2}skills?\b",
        r"\b(?:do|does|did) not have (?:any )?(?:\w+ )?skills?\b",
        r"\b(?:without|zero|0|nil) (?:\w+ )?skills?\b",
        r"\bkoi (?:bhi )?(?:\w+ )?skills? (?:nahi|nahin|nhi|nai)\b",
        r"\bskills? (?:kuch )?(?:nahi|nahin|nhi|nai)\b",
        r"\bnot (?:any|many) skills?\b",
        r"\bhave no skills?\b",
    )
)
# Answers that mean "no skills" on their own ...
BARE_NO_SKILLS = re.compile(
    r"^(?:i (?:have|know) )?(?:nothing|none|nil|nothing yet|none yet|nothing much|"
    r"nothing as such|kuch nahi|kuch bhi nahi|kuch nahin|abhi kuch nahi|nothing special|"
    r"none so far|nothing so far)(?: yet)? ?[.!]*$"
)
# ... and answers that only mean it when the question was about skills.
BARE_NO_SKILLS_REPLY = re.compile(
    r"^(?:no|nope|na|n / a|not yet|not really|abhi nahi|nahi|no sir|no madam)[.!]*$"
)

ALLOWED_EXPECT = frozenset({"education", "skills", "goals", "preferences", "experience"})
