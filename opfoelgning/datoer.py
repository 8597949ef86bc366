"""The dates of the follow-up, read the same way everywhere (admin form, status
sheet, `statusrapport --moede`): secretaries copy a date from one to the other.

A date more than a year outside the plan's year is a typing error (2099, 1900):
an update dated far ahead would stay an initiative's current status for years.
"""

from datetime import date, datetime

# ISO (the sheet's own), Danish Excel's and the admin's display format.
FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y")
EXAMPLES = "2020-03-31, 31-03-2020 eller 31.03.2020"


def parse_date(text):
    """The date in one of FORMATS, or None."""
    for pattern in FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    return None


def date_problem(aar, dato, navn="datoen"):
    """A Danish message when the date is not within a year of the plan's year."""
    first, last = date(aar - 1, 1, 1), date(aar + 1, 12, 31)
    if first <= dato <= last:
        return None
    return (
        f"{navn} {dato:%d.%m.%Y} ligger mere end et år uden for planens år {aar}; "
        f"den skal være mellem {first:%d.%m.%Y} og {last:%d.%m.%Y}."
    )
