"""The scripted conversations the simulated users replay.

CareerPath: the full intake, one answer per question in the form's order (education,
skills, goals, preferences, experience), the summary confirmed, then the recommendations.
Several profiles, so the advisor ranks different people. Stock: the mood conversation the
``rasa init`` assistant was built for, made multi-turn.
"""

from __future__ import annotations

from bench.load import Conversation

CAREERPATH_CONVERSATIONS = [
    Conversation(
        "bcom_fresher",
        [
            "hi",
            "I want career advice",
            "I did B.Com from Delhi University",
            "I know MS Excel and Tally",
            "I want a stable job quickly",
            "non voice, day shift please",
            "fresher, no experience",
            "yes",
        ],
    ),
    Conversation(
        "btech_analyst",
        [
            "hello",
            "which job suits me?",
            "btech in computer science, final year",
            "python, sql and some excel",
            "high salary and long term growth",
            "non voice, can do night shifts",
            "6 months internship",
            "yes, that's right",
        ],
    ),
    Conversation(
        "twelfth_voice",
        [
            "namaste",
            "mujhe career advice chahiye",
            "12th pass, commerce stream",
            "good spoken english and typing",
            "i need a job fast",
            "voice process is fine",
            "2 years in a call centre",
            "haan",
        ],
    ),
    Conversation(
        "llb_domain",
        [
            "hey there",
            "help me choose a career",
            "I have an LLB degree",
            "legal research and report writing",
            "I want to use my domain knowledge",
            "day shift only, non voice",
            "1 year at a law firm",
            "correct",
        ],
    ),
]

STOCK_CONVERSATIONS = [
    Conversation(
        "sad_then_better",
        [
            "hello there",
            "my day was horrible",
            "yes",
            "are you a bot?",
            "great",
            "bye",
        ],
    ),
    Conversation(
        "happy",
        [
            "hi",
            "I am great",
            "am I talking to a human?",
            "perfect",
            "I am sad",
            "goodbye",
        ],
    ),
]


def reached_recommendation(messages: list[dict]) -> bool:
    """True when the bot sent recommendation cards (the custom payload) or their text."""
    for message in messages:
        custom = message.get("custom")
        if (
            isinstance(custom, dict)
            and custom.get("type") == "recommendations"
            and custom.get("items")
        ):
            return True
    return False
