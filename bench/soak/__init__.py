"""The reliability suite (``make soak``): faults under load, counted from the database.

users.py  simulated users that tag each message and retry like people do
proxy.py  a loopback TCP proxy that can cut PostgreSQL off
run.py    the scenarios (action server, Rasa, tracker database, PostgreSQL, a replica)
audit.py  what was answered vs. what the tracker database holds
"""
