"""Conversation logic the Rasa actions call, with no Rasa import.

``intake`` turns one user message into profile/slot updates, ``faq`` finds the knowledge
base answer for a question, ``roles`` finds which role type a follow-up talks about, and
``replies`` builds the texts, buttons and card payloads the bot sends. The Rasa SDK
actions in ``actions`` only move data between these and the tracker.
"""
