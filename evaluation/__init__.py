"""The understanding evaluation: the realistic corpus of tests/realistic/ scored through
the real REST channel (``make eval``, ``python -m evaluation``).

corpus (reading and checking the corpus) -> runner (playing it against the servers) ->
scoring (per-turn and per-dialogue judgements, built on classify and answers) -> report.
"""
