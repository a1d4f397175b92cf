"""Stage 2, anchor: each source's text normalised once, every quote located in it.

Imports load/ (project.py runs load, then anchor). The matcher (locate.py)
and the near-miss search (nearmiss.py) share the text and span types of
text.py and are pure: no I/O, no diagnostics; evidence.py turns their
answers into diagnostics.
"""
