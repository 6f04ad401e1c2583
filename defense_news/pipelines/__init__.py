"""Item pipelines, one job each: validate, deduplicate, store."""

from .dedup import DeduplicatePipeline
from .store import StorePipeline
from .validate import ValidatePipeline

__all__ = ["DeduplicatePipeline", "StorePipeline", "ValidatePipeline"]
