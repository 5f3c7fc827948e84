"""The advisor: ranks BPO and KPO role types for a person and explains why.

``recommend(profile)`` is the entry point; ``render`` turns its result into plain text.
Scoring (``scoring.py``, typed results, no prose) and wording (``explain/``) meet only in
``advice.py``. Nothing here imports Rasa, and nothing runs at import time.
"""

from .advice import recommend, why_not_track
from .catalog_views import entry_track, function_roles, other_track, tracks_by_entry_level
from .results import Advice, Recommendation

__all__ = [
    "Advice",
    "Recommendation",
    "entry_track",
    "function_roles",
    "other_track",
    "recommend",
    "tracks_by_entry_level",
    "why_not_track",
]
