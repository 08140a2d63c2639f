"""Calendar arithmetic for dates the text leaves incomplete: the year of a yearless day or
month, months and weeks counted from a date, two-digit years. Pure functions of dates."""

from __future__ import annotations

from datetime import date, timedelta

# A yearless day at most this far from the publication date is read as the nearest such day
# (a date a few weeks ahead is still news); further off, as the last one before publication.
NEAR_DAYS = 90


def iso_day(year: int, month: int, day: int) -> str | None:
    """The ISO form of a day, or None when the day does not exist (30 February)."""
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_month(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def nearest_year(pub: date, month: int, day: int | None) -> int:
    """The year that puts a yearless date nearest the publication date (ties go to the past)."""
    best = pub.year
    best_gap: int | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        try:
            d = date(y, month, day or 15)
        except ValueError:
            continue
        gap = abs((d - pub).days) + (1 if d > pub else 0)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def yearless_day(pub: date, month: int, day: int, ahead: bool) -> int:
    """The year of a day written without one: the next such day when the sentence looks
    ahead, the nearest when it is near, else the last one before publication."""
    try:
        this = date(pub.year, month, day)
    except ValueError:
        return pub.year
    if ahead:
        return pub.year if this >= pub else pub.year + 1
    nearest = nearest_year(pub, month, day)
    if abs((date(nearest, month, day) - pub).days) <= NEAR_DAYS:
        return nearest
    return pub.year if this <= pub else pub.year - 1


def yearless_month(pub: date, month: int, direction: int) -> int:
    """The year of a month written without one. direction 1: the next such month after
    publication ("next June", "by March"); -1: the last one before it ("last December");
    0: in the past unless it is at most two months ahead."""
    if direction > 0:
        return pub.year if month > pub.month else pub.year + 1
    if direction < 0:
        return pub.year if month < pub.month else pub.year - 1
    ahead = (month - pub.month) % 12
    if 0 < ahead <= 2:
        return pub.year + (1 if month < pub.month else 0)
    return pub.year if month <= pub.month else pub.year - 1


def shift_month(d: date, months: int) -> str:
    """The month `months` after (or before, when negative) the month of `d`."""
    y, m = divmod(d.year * 12 + d.month - 1 + months, 12)
    return iso_month(y, m + 1)


def weekday_on_or_before(d: date, weekday: int) -> date:
    return d - timedelta(days=(d.weekday() - weekday) % 7)


def week_day(d: date, weeks: int, weekday: int) -> date:
    """The given weekday of the week `weeks` after (or before) the week holding `d`."""
    monday = d - timedelta(days=d.weekday())
    return monday + timedelta(days=7 * weeks + weekday)


def full_year(two_digits: int, pub: date | None) -> int:
    """A two-digit year in this century unless that would put it over ten years after the
    publication date ("'98" in 2024 is 1998, "22" is 2022); without one, 00-49 are 20xx."""
    year = 2000 + two_digits
    return year if year <= (pub.year + 10 if pub else 2049) else year - 100


def coming_month_year(pub: date, month: int) -> int:
    """The year of a month the sentence looks ahead to: this one or a later one."""
    return pub.year if month >= pub.month else pub.year + 1
