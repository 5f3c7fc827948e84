"""Reliable delivery for chat channels: updates received once, replies owed in order.

Rasa-free; the Telegram connector (careerpath_rasa.channels.telegram) drives it. The rows
live in the project database (``DATABASE_URL``), in the tables of ``models`` (alembic
revision 0004); ``store`` holds the blocking queries of updates, outbox and keyboards,
``leases`` those of chat leases; callers on an event loop run them in a worker thread.
"""
