"""``python -m bench``: CareerPath against the stock Rasa assistant, on this machine.

Measures conversation throughput and latency through the REST channel, training time,
cold start and memory, the advisor's speed and NLU quality, and writes
``bench/results/results.md`` and ``results.json``. Benchmarks report numbers; they never
fail on one (only on a crash).
"""
