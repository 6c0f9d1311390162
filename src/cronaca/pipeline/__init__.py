"""Pipeline machinery: the stage interface, the pipeline and its parallel runner."""

from cronaca.pipeline.pipeline import Pipeline
from cronaca.pipeline.stage import Stage, register_stage

__all__ = ["Pipeline", "Stage", "register_stage"]
