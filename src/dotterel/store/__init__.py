"""The event store: one embedded DuckDB file of articles, event mentions and event groups;
ingest into it, query it, export it (GDELT, ICEWS, POLECAT, PLOVER, CSV, Parquet), plot it.
"""
