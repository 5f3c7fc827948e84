"""Profile extraction: free text -> education, skills, goals, preferences, experience.

    from actions.profiling import Profile, Extraction, extract, ProfileExtractor

No Rasa imports and no work at import time: spaCy loads on the first ``extract`` call.
"""
from actions.profiling.extractor import ProfileExtractor, extract, get_extractor
from actions.profiling.profile import Extraction, Profile

__all__ = ["Extraction", "Profile", "ProfileExtractor", "extract", "get_extractor"]
