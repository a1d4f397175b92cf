"""factsite: a static fact-check microsite generator.

The pipeline, one subpackage per stage, each importing only those before
it (ARCHITECTURE.md draws it):

    load/    claim files, the source registry and documents -> Claim, Source (+ diagnostics)
    anchor/  every quote located in its source's text       -> Project, spans (+ diagnostics)
    render/  the site as data: pages, indexes, JSON-LD      -> Site (path -> content)

and the two adapters that turn it into output: plugin/ (MkDocs) and cli/
(the `factsite` command). errors.py and model.py are shared by all.
"""

__version__ = "0.1.0"
