"""Profile extraction: free text -> education, skills, goals, preferences, experience.

    from careerpath.profiling import Profile, Extraction, extract, ProfileExtractor

No Rasa imports and no work at import time: spaCy loads on the first ``extract`` call.
"""

from careerpath.profiling.extractor import ProfileExtractor, extract, get_extractor
from careerpath.profiling.profile import Extraction, Profile

__all__ = ["Extraction", "Profile", "ProfileExtractor", "extract", "get_extractor"]
