"""The advisor's wording: plain English built from the typed scores of ``scoring.py``.

* ``phrasing``   - joining words, sentences, level names, course text;
* ``education``  - the education note of a recommendation, first steps before any role fits;
* ``work_style`` - attribute role types (Voice BPO, Offshore BPO ...) and preference notes;
* ``why``        - the "why" paragraph of one recommendation;
* ``tracks``     - which track to aim for first, and "why not KPO?".

Scoring never imports this package; ``careerpath.advisor.advice`` puts the two together.
"""
