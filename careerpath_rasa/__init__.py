"""What runs inside the Rasa server: channels, the tracker store, NLU components, patches.

Configured in config.yml, endpoints.yml and credentials.yml. The action server never
imports this package; it may import Rasa freely.
"""
