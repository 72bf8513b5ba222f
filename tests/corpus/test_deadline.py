"""``--deadline HH:MM`` is date-aware: a time past midnight UTC is the next day's."""

from __future__ import annotations

import datetime

import pytest

from benchmarks.corpus.__main__ import main
from benchmarks.corpus.deadline import parse_deadline

UTC = datetime.UTC


def test_a_deadline_after_midnight_given_before_it_is_the_next_day() -> None:
    now = datetime.datetime(2026, 12, 1, 23, 50, tzinfo=UTC)
    assert parse_deadline("01:55", now) == datetime.datetime(2026, 12, 2, 1, 55, tzinfo=UTC)


def test_a_deadline_later_the_same_day_stays_on_that_day() -> None:
    now = datetime.datetime(2026, 12, 2, 0, 45, tzinfo=UTC)
    assert parse_deadline("01:55", now) == datetime.datetime(2026, 12, 2, 1, 55, tzinfo=UTC)


def test_a_full_date_and_time_is_taken_as_written_even_when_past() -> None:
    now = datetime.datetime(2026, 12, 2, 0, 45, tzinfo=UTC)
    assert parse_deadline("2026-12-01T23:00", now) == datetime.datetime(
        2026, 12, 1, 23, 0, tzinfo=UTC
    )


@pytest.mark.parametrize("text", ["1955", "25:00", "ab:cd"])
def test_a_malformed_deadline_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="--deadline"):
        parse_deadline(text, datetime.datetime(2026, 12, 2, tzinfo=UTC))


def test_a_malformed_deadline_is_a_usage_error_with_one_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--only", "xkcd", "--deadline", "25:99"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert err[0].startswith("error: --deadline '25:99'")
