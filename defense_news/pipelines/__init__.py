"""Item pipelines, one job each: validate, deduplicate, store."""

from .dedup import DeduplicatePipeline
from .sqlite import SQLitePipeline
from .validate import ValidatePipeline

__all__ = ["DeduplicatePipeline", "SQLitePipeline", "ValidatePipeline"]
