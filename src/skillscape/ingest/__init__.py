"""Adapters: one per kind of source document, each emitting quads with their provenance."""
