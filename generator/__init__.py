"""factsite: a static fact-check microsite generator.

The core is a pipeline of small pure stages: load (yamlsafe, schema,
registry, claims) -> anchor (textnorm, anchor, nearmiss, resolve) ->
render. The CLI (cli.py) and the MkDocs plugin (plugin.py) are thin
adapters that turn a FactsiteError into output at the edge.
"""

__version__ = "0.1.0"
