"""The MkDocs adapter: the `factsite` plugin adds the rendered site to an MkDocs build.

plugin.py has the hooks, each passing keyword arguments to a plain
function; config.py the options; htmlpage.py and parallel.py make the
build fast; mkdocs_private.py holds the only touches of MkDocs' and
mkdocs-material's private attributes.
"""
