"""Stage 3, render: the site as data, every generated page and data file as text.

Imports anchor/ and load/ for their types and constants only: it reads a
Project and writes nothing. Untrusted text becomes HTML here, once, in
markup.py.
"""
