"""Working-day arithmetic on the mainland calendar: public holidays and their 调休 make-up days come
from the maintained `chinese_calendar` package, never from a hand-kept table.

Years the package does not yet cover fall back to Monday–Friday, so a deadline can always be set;
`covered()` tells the page to say so.
"""

import datetime as dt

import chinese_calendar

ONE = dt.timedelta(days=1)


def covered(day: dt.date) -> bool:
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


def is_workday(day: dt.date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (start itself not counted)."""
    if days < 0:
        raise ValueError("days must not be negative")
    day = start
    while days:
        day += ONE
        if is_workday(day):
            days -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days in (start, end]: how many working days `end` lies past `start` (0 if not after)."""
    count, day = 0, start
    while day < end:
        day += ONE
        if is_workday(day):
            count += 1
    return count
