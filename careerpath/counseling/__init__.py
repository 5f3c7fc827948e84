"""The counselor's students (Rasa-free): guided sessions bound by one-time tickets, the
list of students with their reports, private notes, and who may see what.

    start_guided_session(counselor, student_name) -> (session_id, ticket)      workspace
    redeem_ticket(ticket, channel, sender) -> GuidedBinding | None              bot, /guided_mode
    binding_for(channel, sender) -> GuidedBinding | None                        bot, saving a report
    record_report(channel, sender, code)                                        bot, after saving
    bind_from_metadata / owner_of / report_saved: the same for the bot, never raising
    list_students(viewer, query, status) / find_student(viewer, key) / report_for(viewer, code)
    read_note(viewer, student) / save_note(viewer, student, text)
"""

from .students import (
    STATUSES,
    StudentRow,
    Viewer,
    find_student,
    list_students,
    read_note,
    report_for,
    save_note,
)
from .tickets import (
    METADATA_KEY,
    GuidedBinding,
    bind_from_metadata,
    binding_for,
    owner_of,
    record_report,
    redeem_ticket,
    report_saved,
    start_guided_session,
)

__all__ = [
    "METADATA_KEY",
    "STATUSES",
    "GuidedBinding",
    "StudentRow",
    "Viewer",
    "bind_from_metadata",
    "binding_for",
    "find_student",
    "list_students",
    "owner_of",
    "read_note",
    "record_report",
    "redeem_ticket",
    "report_for",
    "report_saved",
    "save_note",
    "start_guided_session",
]
