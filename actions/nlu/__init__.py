"""Custom Rasa NLU pipeline components (used from config.yml, not by the action server).

The action server imports every module under ``actions/``, so the modules here import
nothing heavy at import time: ``vocabulary`` is plain Python, and ``unknown_words``
builds its Rasa class only when Rasa asks for it.
"""
