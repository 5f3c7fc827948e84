"""Alembic environment of the CareerPath database.

The URL comes from, in order: a connection or URL handed over in ``config.attributes``
(``careerpath.db.migrate.upgrade_schema`` passes its connection), ``DATABASE_URL``, then
``db.database_url()`` (the embedded SQLite file). This folder deliberately has no
``__init__.py``: alembic loads it as a script, not as a package.
"""

from __future__ import annotations

import os
from logging.config import fileConfig

from alembic import context

from careerpath.db.engine import database_url, get_engine
from careerpath.tables import load_all_models

config = context.config
target_metadata = load_all_models()

if config.config_file_name and config.attributes.get("configure_logging", True):
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def _url() -> str:
    return (
        config.attributes.get("url")
        or os.environ.get("DATABASE_URL", "").strip()
        or config.get_main_option("sqlalchemy.url")
        or database_url()
    )


def _configure(**kwargs) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode lets later migrations rebuild tables.
        render_as_batch=True,
        **kwargs,
    )


def run_migrations_offline() -> None:
    _configure(url=_url(), literal_binds=True, dialect_opts={"paramstyle": "named"})
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    with get_engine(_url()).connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
