"""Stage 1, load: claim files and the source registry read safely, typed by the schemas, checked.

Imports only generator.errors and generator.model. Nothing here knows of
anchoring: a Source carries its document's text as read.
"""
