"""Conversation logic the Rasa actions call, with no Rasa import.

``intake`` turns one user message into profile/slot updates (and holds the one "go back" of
both modes), ``guided`` the counselor's seven steps, ``faq`` finds the knowledge base answer
for a question, ``roles`` finds which role type a follow-up talks about, ``cards`` builds the
recommendation card and renders it as text, ``replies`` builds the messages, and ``reply``
says what each channel receives (a card, or the card as text). Every sentence comes from the
message catalog (``careerpath.wording``). The Rasa SDK actions in ``actions`` only move data
between these and the tracker.
"""
