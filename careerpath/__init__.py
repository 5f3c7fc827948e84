"""CareerPath's library: knowledge base, profiling, advisor, conversation logic, wording.

It imports no Rasa (a test keeps it so): the Rasa SDK actions in ``actions/`` and the
Rasa-server plugins in ``careerpath_rasa/`` call it, and so can a CLI or a test.
"""
