"""Item pipelines, one job each, in the order settings.py wires them: normalize, dedupe, store."""
