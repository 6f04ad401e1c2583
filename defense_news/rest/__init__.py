"""The WordPress REST API, the one package that names its routes.

- :mod:`.routes`: every address asked for (``wp-json``/``?rest_route=``, ``wp/v2/...``);
- :mod:`.answers`: a response decoded, and whether the API refused;
- :mod:`.paging`: the one rule for reading a paged list, used by every paged request;
- :mod:`.records`: post and comment records → Article and Comment items;
- :mod:`.enrichment`: what a post record adds to its page (``source=html``);
- :mod:`.site`: the REST index and categories, for site detection;
- :mod:`.crawl`: ``source=rest``, the whole site from the API, as plain state.
"""
