"""UTC time, written one way everywhere (audit rows, signatures, bundles)."""

from __future__ import annotations

from datetime import UTC, datetime


def utc_now() -> datetime:
    """The current time, timezone-aware in UTC."""
    return datetime.now(UTC)


def iso_utc(moment: datetime) -> str:
    """``2026-11-25T12:00:00.123456Z``; naive datetimes are refused."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: Bedside stores UTC only")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_iso_utc(text: str) -> datetime:
    """Inverse of :func:`iso_utc`."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)
