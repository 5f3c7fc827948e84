"""The advisor: ranks BPO and KPO role types for a person and explains why.

``recommend(profile)`` is the entry point; ``render`` turns its result into plain text.
Nothing here imports Rasa, and nothing runs at import time.
"""
from .engine import recommend, why_not_track
from .results import Advice, Recommendation

__all__ = ["recommend", "why_not_track", "Advice", "Recommendation"]
