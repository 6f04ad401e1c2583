"""Offline ZoxPress replica of 19fortyfive.com (generator for tests/sites/zox/).

Run: ``python -m tests.sites.zoxgen.build`` from the repository root.
"""
