"""Working days across the Spring Festival and National Day, with their 调休 make-up Saturdays/Sundays."""

import datetime as dt

from ..workdays import add_workdays, covered, is_workday, workdays_between

D = dt.date


def test_spring_festival_2025_skips_the_holiday_and_counts_the_make_up_sunday():
    # 2025-01-26 (Sunday) and 2025-02-08 (Saturday) are make-up working days; 01-28 … 02-04 off.
    assert is_workday(D(2025, 1, 26)) and is_workday(D(2025, 2, 8))
    assert not is_workday(D(2025, 1, 29)) and not is_workday(D(2025, 2, 3))
    # Friday 01-24 + 1 working day = Sunday 01-26 (make-up), + 2 = Monday 01-27, + 3 = Wednesday 02-05.
    assert add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert add_workdays(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert add_workdays(D(2025, 1, 24), 5) == D(2025, 2, 7)
    assert add_workdays(D(2025, 1, 24), 6) == D(2025, 2, 8)  # the make-up Saturday counts


def test_national_day_2025():
    # 10-01 … 10-08 off; Sunday 09-28 and Saturday 10-11 are make-up days.
    assert add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert add_workdays(D(2025, 9, 30), 3) == D(2025, 10, 11)
    assert workdays_between(D(2025, 9, 30), D(2025, 10, 8)) == 0
    assert workdays_between(D(2025, 9, 30), D(2025, 10, 13)) == 4  # 9, 10, 11 (Sat), 13


def test_fifteen_working_days_over_national_day_2024():
    # 2024: 10-01 … 10-07 off, 09-29 (Sun) and 10-12 (Sat) make-up days.
    assert add_workdays(D(2024, 9, 27), 15) == D(2024, 10, 23)
    assert workdays_between(D(2024, 9, 27), D(2024, 10, 23)) == 15


def test_uncovered_years_fall_back_to_weekdays():
    assert not covered(D(2031, 6, 2))
    assert add_workdays(D(2031, 6, 6), 1) == D(2031, 6, 9)  # Friday → Monday
