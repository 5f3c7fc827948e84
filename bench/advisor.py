"""Advisor speed: recommendations per second for random profiles over the whole KB.

Profiles are drawn with a fixed seed from the catalog's own vocabulary (levels, degrees,
skills, goals, preferences), so every run ranks the same people.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from bench.load import percentile

SEED = 20240611


def random_profiles(catalog, count: int, seed: int = SEED) -> list:
    from careerpath.profiling import Profile

    rng = random.Random(seed)
    levels = sorted(catalog.levels)
    skills = sorted(catalog.skills)
    goals = sorted(catalog.goals)
    preferences = sorted(catalog.preferences)
    profiles = []
    for _ in range(count):
        level = rng.choice(levels)
        degrees = sorted(degree.id for degree in catalog.degrees.values() if degree.level == level)
        degree = rng.choice(degrees) if degrees and rng.random() < 0.7 else None
        field = catalog.degrees[degree].field if degree else None
        experience = rng.choice([None, 0.0, 0.5, 1.0, 2.0, 5.0])
        profiles.append(
            Profile(
                education_level=level,
                degree=degree,
                field=field,
                pursuing=rng.random() < 0.2,
                skills=rng.sample(skills, rng.randint(0, 6)),
                goals=rng.sample(goals, rng.randint(0, 2)),
                preferences=rng.sample(preferences, rng.randint(0, 2)),
                experience_years=experience,
                fresher=None if experience is None else experience == 0.0,
            )
        )
    return profiles


def advisor_benchmark(workdir: Path, max_seconds: float, max_profiles: int) -> dict:
    """Time ``recommend`` on random profiles; the catalog is loaded (and cached) first."""
    from careerpath.advisor import recommend
    from careerpath.kb.repository import load_catalog

    database_url = f"sqlite:///{workdir / 'advisor-bench.db'}"
    started = time.monotonic()
    catalog = load_catalog(database_url)
    catalog_load_s = time.monotonic() - started
    profiles = random_profiles(catalog, max_profiles)
    recommend(profiles[0], catalog)  # warm-up: lazy indexes, first-call imports
    timings, with_results = [], 0
    deadline = time.monotonic() + max_seconds
    begun = time.perf_counter()
    for profile in profiles:
        if time.monotonic() > deadline:
            break
        one = time.perf_counter()
        advice = recommend(profile, catalog)
        timings.append((time.perf_counter() - one) * 1000)
        with_results += bool(advice.recommendations)
    elapsed = time.perf_counter() - begun
    return {
        "profiles": len(timings),
        "roles_in_kb": len(catalog.roles),
        "skills_in_kb": len(catalog.skills),
        "recommendations_per_s": round(len(timings) / elapsed, 1) if elapsed else None,
        "p50_ms": round(percentile(timings, 0.5), 3),
        "p95_ms": round(percentile(timings, 0.95), 3),
        "p99_ms": round(percentile(timings, 0.99), 3),
        "profiles_with_recommendations": with_results,
        "catalog_load_s": round(catalog_load_s, 2),
        "seed": SEED,
    }
