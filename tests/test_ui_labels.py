"""Dates a clerk reads are never ambiguous: four-digit years in every locale we ship."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, QLocale, QTime

from desktop.ui import labels


def test_short_dates_use_four_digit_years_in_spanish_and_english(qapp) -> None:
    day = QDate(2025, 11, 6)
    assert labels.short_date(QLocale("es_MX"), day) == "06/11/2025"
    assert labels.short_date(QLocale("en_US"), day) == "11/6/2025"


def test_short_datetimes_keep_the_time_and_the_full_year(qapp) -> None:
    when = QDateTime(QDate(2026, 1, 2), QTime(9, 41))
    text = labels.short_datetime(QLocale("es_MX"), when)
    assert text.startswith("02/01/2026") and "9:41" in text
