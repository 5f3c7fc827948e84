"""What the advisor tests share: a profile built from the five answers, advice for it, and
the personas whose top matches are checked."""

from __future__ import annotations

from careerpath.advisor import Advice, recommend
from careerpath.profiling import Profile, extract


def profile_from(
    catalog,
    education: str = "",
    skills: str = "",
    goals: str = "",
    preferences: str = "",
    experience: str = "",
) -> Profile:
    """What the chat would know after these five answers."""
    profile = Profile()
    answers = {
        "education": education,
        "skills": skills,
        "goals": goals,
        "preferences": preferences,
        "experience": experience,
    }
    for expect, text in answers.items():
        if text:
            profile = profile.merged(extract(text, catalog=catalog, expect=expect))
    return profile


def advise(catalog, limit: int | None = None, **answers) -> Advice:
    return recommend(profile_from(catalog, **answers), catalog, limit=limit)


# persona id -> (answers, expected first role type, expected track)
PERSONAS = {
    "bcom_tally_stable": (
        dict(education="B.Com graduate", skills="Tally, MS Excel", goals="stable job"),
        "finance_accounting_bpo",
        "BPO",
    ),
    "twelfth_english_quick": (
        dict(education="12th pass", skills="good English", goals="need a job quickly"),
        "customer_support_bpo",
        "BPO",
    ),
    "btech_cse_python_sql_growth": (
        dict(
            education="B.Tech in computer science",
            skills="Python, SQL",
            goals="long term career growth",
        ),
        "data_analytics_science_kpo",
        "KPO",
    ),
    "llb_legal_research": (
        dict(education="LLB", skills="legal research"),
        "legal_process_outsourcing",
        "KPO",
    ),
    "bpharm_medical_terminology": (
        dict(education="B.Pharm", skills="medical terminology"),
        "healthcare_life_sciences_kpo",
        "KPO",
    ),
    "bsc_life_sciences_research": (
        dict(
            education="B.Sc life sciences",
            skills="medical terminology, research",
            goals="career growth",
        ),
        "healthcare_life_sciences_kpo",
        "KPO",
    ),
    "bsc_nursing_coding_quick": (
        dict(education="B.Sc Nursing", skills="medical coding", goals="quick job"),
        "healthcare_bpo",
        "BPO",
    ),
    "mba_finance_cfa_modelling": (
        dict(
            education="MBA finance, CFA level 1",
            skills="financial modelling, Excel",
            goals="high salary",
        ),
        "financial_investment_kpo",
        "KPO",
    ),
    "bca_hardware_troubleshooting": (
        dict(education="BCA", skills="hardware and networking, troubleshooting"),
        "technical_support_bpo",
        "BPO",
    ),
    "ba_english_writing": (
        dict(education="BA English", skills="writing, editing"),
        "content_media_kpo",
        "KPO",
    ),
    "be_mechanical_cad": (
        dict(education="B.E. mechanical", skills="CAD, AutoCAD"),
        "engineering_technical_kpo",
        "KPO",
    ),
    "bba_persuasion_sales": (
        dict(education="BBA", skills="persuasion, confident, communication"),
        "sales_marketing_bpo",
        "BPO",
    ),
    "mba_hr_recruitment": (dict(education="MBA HR", skills="recruitment"), "hr_bpo", "BPO"),
    "twelfth_typing_part_time": (
        dict(education="12th pass", skills="typing", preferences="part time"),
        "data_entry_bpo",
        "BPO",
    ),
    "mtech_ml_python": (
        dict(education="M.Tech", skills="machine learning, python"),
        "ai_ml_kpo",
        "KPO",
    ),
    "economics_statistics_research": (
        dict(education="BA economics", skills="research, Excel, statistics"),
        "market_research_analytics_kpo",
        "KPO",
    ),
    "btech_patents_law": (
        dict(education="B.Tech", skills="patents, law"),
        "ip_research_kpo",
        "KPO",
    ),
}
