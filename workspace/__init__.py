"""The counselor workspace: a Sanic web app beside the bot, on the same database.

``python -m workspace`` serves it (``serve --host --port``); ``python -m workspace
counselors add|list|disable|enable|password`` manages accounts; ``demo-admin`` creates the
first admin with a random password and prints it once. See workspace/README section in
the project README.
"""
