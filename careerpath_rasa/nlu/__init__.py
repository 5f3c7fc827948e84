"""Our Rasa NLU pipeline components, named in config.yml.

* ``linear_intents.LinearIntentClassifier``: Rasa's logistic-regression intent classifier
  with cheaper saving, loading and input stacking.
* ``unknown_words.UnknownWordsFallback``: a message with no known word becomes
  ``nlu_fallback``; the word test itself is plain Python in ``vocabulary``.
"""
