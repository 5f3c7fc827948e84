"""Patches of Rasa internals, installed from one place (see ``install``)."""
