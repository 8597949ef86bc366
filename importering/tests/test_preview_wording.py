"""The preview says what the import really does: a renamed section's old title
and the initiatives and goals that stay with it, the button's count of what
is saved, Danish singular and plural, one refusal, breadcrumbs as the admin's."""

import re

import pytest
from django.utils import timezone

from importering.forms import sign
from importering.parsing import read
from importering.saving import fingerprint
from samarbejdsplan.models import Status

from .test_admin import URL, client_as, confirm_data, content_rows


def preview_of(text, aar):
    return client_as("Sekretariat").post(URL, {"aar": aar, "tekst": text})


def test_a_renamed_section_shows_its_old_title_and_what_stays_under_the_new(draft2021):
    section = draft2021.afsnit.get(nummer="3.1.2")
    old = section.titel
    initiatives, goals = section.indsatser.count(), section.maal.count()
    assert initiatives
    page = preview_of("3.1.2 Droner\n\nDroner over byen.\n", 2021).content.decode()
    assert re.search(rf">{re.escape(old)}</span> <span aria-hidden=\"true\">→</span>", page)
    has = f"{initiatives} indsatser" + (f" og {goals} mål" if goals else "")
    assert (
        f"Afsnit 3.1.2 skifter titel fra »{old}« til »Droner«. Afsnittet har {has}, som "
        "bliver stående under den nye titel." in page
    )
    assert f"{has} bliver stående under den nye titel" in page  # in the row too


def test_a_section_with_nothing_under_it_is_renamed_without_a_warning(draft2021):
    section = draft2021.afsnit.get(nummer="2.2")
    section.indsatser.all().delete()
    section.maal.all().delete()
    page = preview_of(f"2.2 Ny titel\n\n{section.tekst}\n", 2021).content.decode()
    assert "skifter titel" not in page
    assert f">{section.titel}</span>" in page  # the old title is shown all the same


def test_the_button_counts_what_is_saved_not_every_section(draft2021):
    text = "4.4 Vold\n\nNy tekst om vold.\n\n4.5 " + draft2021.afsnit.get(nummer="4.5").titel
    text += "\n\n" + draft2021.afsnit.get(nummer="4.5").tekst + "\n\n4.6 Cyber\n\nNyt.\n"
    page = preview_of(text, 2021).content.decode()
    assert 'value="Importér: 1 nyt og 1 ændret afsnit"' in page


def test_a_text_that_changes_nothing_offers_no_button(draft2021):
    section = draft2021.afsnit.get(nummer="4.5")
    page = preview_of(f"4.5 {section.titel}\n\n{section.tekst}\n", 2021).content.decode()
    assert "Teksten ændrer intet i kladden." in page
    assert 'value="Importér' not in page


@pytest.mark.django_db
def test_one_cover_line_is_one_linje_and_one_entry_one_punkt():
    page = preview_of("Forside\n\nIndhold\n\n1. A\t3\n\n1. A\n\nTekst.\n", 2031)
    assert "Forsiden (1 linje) og indholdsfortegnelsen (1 punkt) springes over." in (
        page.content.decode()
    )


@pytest.mark.django_db
def test_the_breadcrumbs_read_as_the_admins_own():
    page = client_as("Sekretariat").get(URL).content.decode()
    crumbs = re.search(r'<div class="breadcrumbs[^"]*">(.*?)</div>', page, re.S).group(1)
    words = re.sub(r"<[^>]+>|\s+", " ", crumbs).split("&rsaquo;")
    assert [w.strip() for w in words] == [
        "Hjem",
        "Samarbejdsplaner",
        "Importér plan fra Word/tekst",
    ]


def test_the_published_plans_refusal_is_shown_once(plan2020):
    blocks = read(b"4.4 Vold\n\nNy tekst.\n", "x.txt")
    crafted = {"kilde": sign(2020, "x.txt", blocks, fingerprint(2020))}
    page = client_as("Sekretariat").post(URL, crafted).content.decode()
    assert page.count("Planen for 2020 er offentliggjort og låst.") == 1


def test_a_replay_after_publishing_is_refused_without_asking_to_confirm_again(draft2021):
    client = client_as("Sekretariat")
    response = client.post(URL, {"aar": 2021, "tekst": "4.4 Vold\n\nNy tekst om vold.\n"})
    data = confirm_data(response)
    draft2021.status = Status.OFFENTLIGGJORT
    draft2021.offentliggjort = timezone.now()
    draft2021.save()
    before = content_rows()
    page = client.post(URL, data, follow=True).content.decode()
    assert page.count("Planen for 2021 er offentliggjort og låst.") == 1
    assert "bekræft på ny" not in page
    assert 'value="Importér' not in page
    assert content_rows() == before
