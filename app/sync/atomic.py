"""Atomic file writes for bundles and receipts (the store's own implementation)."""

from app.store.files import (
    TEMP_SUFFIX,
    fsync_directory,
    remove_quietly,
    temp_name,
    write_atomic,
    write_temp,
)

__all__ = [
    "TEMP_SUFFIX",
    "fsync_directory",
    "remove_quietly",
    "temp_name",
    "write_atomic",
    "write_temp",
]
