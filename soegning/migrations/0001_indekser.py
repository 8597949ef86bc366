"""PostgreSQL: pg_trgm (suggestions for typing errors) and GIN indexes for the search.

Each index is built on the very expression common/textsearch.py's
DanishDocument writes, so PostgreSQL can use it. SQLite has neither: there the
migration does nothing (the search uses regular expressions).
"""

from django.db import migrations

# (index, table, searched columns)
INDEXES = [
    ("soeg_afsnit_gin", "samarbejdsplan_afsnit", ["titel", "tekst"]),
    ("soeg_indsats_gin", "indsatser_indsats", ["titel", "tekst"]),
    ("soeg_maal_gin", "indsatser_maal", ["tekst"]),
    ("soeg_boligomraade_gin", "kommuner_boligomraade", ["navn"]),
    ("soeg_aktoer_gin", "indsatser_aktoer", ["navn", "forkortelse"]),
]


def document(columns):
    joined = " || ' ' || ".join(f"COALESCE({c}, '')" for c in columns)
    return f"to_tsvector('danish'::regconfig, {joined})"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Trusted since PostgreSQL 13: the database's owner may create it.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, columns in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({document(columns)}))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("samarbejdsplan", "0005_version"),
        ("indsatser", "0003_version"),
        ("kommuner", "0003_version"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
