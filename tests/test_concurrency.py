"""Two editors saving at once: the second waits for the first, it does not fail."""

import threading
import time

import pytest
from django.db import connection, transaction

from kommuner.models import Kommune


@pytest.mark.django_db(transaction=True)
def test_a_write_during_another_write_waits_instead_of_failing():
    """On SQLite this needs IMMEDIATE transactions: a deferred one that has read
    before the other commits fails at once with "database is locked"."""
    first_is_writing = threading.Event()
    errors = []

    def first_editor():
        try:
            with transaction.atomic():
                Kommune.objects.create(navn="Første", kommunekode=901)
                first_is_writing.set()
                time.sleep(0.5)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)
        finally:
            first_is_writing.set()
            connection.close()

    def second_editor():
        first_is_writing.wait(5)
        try:
            with transaction.atomic():
                existing = Kommune.objects.count()  # read, then write: the common edit
                Kommune.objects.create(navn=f"Anden efter {existing}", kommunekode=902)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=first_editor), threading.Thread(target=second_editor)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert errors == []
    added = Kommune.objects.filter(kommunekode__gt=900)  # beside Denmark's 98
    assert set(added.values_list("kommunekode", flat=True)) == {901, 902}
