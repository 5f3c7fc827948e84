"""The project database: engine and sessions, the shared ``Base``, migrations."""
