"""Academy insights computed from the stored conversation events (Rasa-free, no personal data).

compute_insights(tracker_url, handoff_days={date: n}, days=30) -> Insights
"""

from .funnel import DayCounts, Insights, QuestionGroup, compute_insights, normalise_question

__all__ = ["DayCounts", "Insights", "QuestionGroup", "compute_insights", "normalise_question"]
