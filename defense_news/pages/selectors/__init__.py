"""Selector tables, data only: what WordPress core prints (:mod:`.core`), what schema.org
metadata says (:mod:`.metadata`), what themes print (:mod:`.themes`). The algorithms that read
them live beside this package (``pages/body.py``, ``pages/published.py``...)."""
