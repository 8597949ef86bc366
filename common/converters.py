"""URL converters: a year is four digits, a section number is "3", "3.1" or "3.1.4".

Matching only these shapes in the URL keeps `/99999/` or `/2020/afsnit/x/` a
plain 404 before any view or query runs.
"""

from django.urls import register_converter


class AarConverter:
    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class AfsnitsnummerConverter:
    regex = r"[1-9][0-9]?(?:\.[1-9][0-9]?){0,2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(AarConverter, "aar")
register_converter(AfsnitsnummerConverter, "afsnitsnummer")
