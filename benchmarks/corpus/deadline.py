"""``--deadline``: the UTC moment after which no spec is started, as a date-aware time.

``HH:MM`` is the next such time from now: a deadline written before midnight
UTC and reached after it (``--deadline 01:55`` given at 23:50) is tomorrow's,
not a time that has already passed. A full ``YYYY-MM-DDTHH:MM`` (UTC) is taken
as written, for a deadline more than a day away or one meant to be past.
"""

from __future__ import annotations

import datetime


def parse_deadline(text: str, now: datetime.datetime) -> datetime.datetime:
    """The deadline ``text`` names, seen from ``now`` (aware, UTC); ``ValueError`` if malformed."""
    text = text.strip()
    if "T" in text or "-" in text:
        when = datetime.datetime.fromisoformat(text.replace("Z", ""))
        if when.tzinfo is None:
            when = when.replace(tzinfo=datetime.UTC)
        return when.astimezone(datetime.UTC)
    hours, sep, minutes = text.partition(":")
    if not sep or not hours.isdigit() or not minutes.isdigit():
        raise ValueError(f"--deadline {text!r}: expected HH:MM or YYYY-MM-DDTHH:MM (UTC)")
    start = now.astimezone(datetime.UTC)
    try:
        when = start.replace(hour=int(hours), minute=int(minutes), second=0, microsecond=0)
    except ValueError as exc:
        raise ValueError(f"--deadline {text!r}: {exc}") from None
    if when <= start:
        when += datetime.timedelta(days=1)
    return when
