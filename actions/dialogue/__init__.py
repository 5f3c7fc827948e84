"""Rasa SDK actions: thin adapters between the tracker and ``actions.assistant``.

The action server imports every module of the ``actions`` package, so nothing here does
work at import time; the knowledge base is loaded on the first action that needs it.
"""
