"""suggest/: leads for editors, the places where the sources seem to disagree (`factsite suggest`).

A stage after anchor/: it reads the sources' prepared text and the claims'
resolved spans, and returns `Lead`s (lead.py), never prints.
"""
