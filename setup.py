"""scrapyd-deploy builds its egg through ``setup.py bdist_egg``; the project is configured in pyproject.toml."""

from setuptools import setup

setup()
