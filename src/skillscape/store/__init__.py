"""Stores: one small interface (:class:`GraphStore`), several implementations."""

from skillscape.store.base import GraphStore, QueryResult, StoreError

__all__ = ["GraphStore", "QueryResult", "StoreError"]
