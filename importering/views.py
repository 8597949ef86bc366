"""The admin page "Importér plan fra Word/tekst": source, preview, confirmation.

Only those who may add and change plans and sections (the secretariat) see
or post it. Nothing is saved before the confirmation, and the confirmation
reads the signed source again, checks it again, and refuses when the year's
plan changed after the preview (it then shows the new preview).
"""

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from common.text import antal
from samarbejdsplan.models import Art, Samarbejdsplan

from .forms import KildeForm, art_field_name, chosen_kinds, sign, unsign
from .parsing import ImportFejl, parse_blocks, read
from .saving import Afvist, PlanenErAendret, fingerprint, plan_import, save_import, summary

NEEDED = [
    "samarbejdsplan.add_samarbejdsplan",
    "samarbejdsplan.change_samarbejdsplan",
    "samarbejdsplan.add_afsnit",
    "samarbejdsplan.change_afsnit",
]


def may_import(user):
    return user.is_active and user.is_staff and user.has_perms(NEEDED)


def import_plan(model_admin, request):
    if not may_import(request.user):
        raise PermissionDenied
    if request.method == "POST" and "kilde" in request.POST:
        return confirm(model_admin, request)
    if request.method == "POST":
        form = KildeForm(request.POST, request.FILES)
        if form.is_valid():
            filnavn, content = form.source()
            try:
                blocks = read(content, filnavn)
            except ImportFejl as error:
                form.add_error("fil" if form.cleaned_data.get("fil") else "tekst", str(error))
            else:
                return preview(model_admin, request, form.cleaned_data["aar"], filnavn, blocks)
    else:
        form = KildeForm(initial={"aar": initial_year(request)})
    return render(model_admin, request, {"form": form})


def initial_year(request):
    asked = request.GET.get("aar", "")
    if asked.isdigit() and 2000 <= int(asked) <= 2100:
        return int(asked)
    newest = Samarbejdsplan.objects.newest()
    return newest.aar + 1 if newest is not None and newest.aar < 2100 else None


def preview(model_admin, request, aar, filnavn, blocks, posted=None, extra_errors=()):
    """The sections the import would make or change, its warnings and errors."""
    resultat = parse_blocks(blocks)
    planned = plan_import(resultat, aar)
    errors = [*planned.fejl, *extra_errors]
    rows = []
    for aendring in planned.aendringer:
        afsnit = aendring.afsnit
        chosen = (posted or {}).get(art_field_name(afsnit.nummer), afsnit.art)
        rows.append(
            {
                "aendring": aendring,
                "afsnit": afsnit,
                "felt": art_field_name(afsnit.nummer),
                "valgt": chosen if chosen in Art.values else afsnit.art,
                "foreslaaet": Art(afsnit.art).label,
            }
        )
    context = {
        "resultat": resultat,
        "planlagt": planned,
        "raekker": rows,
        "fejl": errors,
        "arter": Art.choices,
        "filnavn": filnavn,
        "aar": aar,
        "kilde": sign(aar, filnavn, blocks, fingerprint(aar)),
        "knap": button_label(planned.antal),
        "forside": antal(len(resultat.forside), "linje", "linjer"),
        "indhold": antal(resultat.indhold, "punkt", "punkter"),
    }
    return render(model_admin, request, context, preview=True)


def button_label(counts):
    """ "Importér: 1 nyt og 3 ændrede afsnit": what saving will write, not every
    section shown; None when the text changes nothing."""
    new, changed = counts["ny"], counts["ændret"]
    parts = [f"{new} {'nyt' if new == 1 else 'nye'}"] if new else []
    parts += [f"{changed} {'ændret' if changed == 1 else 'ændrede'}"] if changed else []
    return f"Importér: {' og '.join(parts)} afsnit" if parts else None


def confirm(model_admin, request):
    try:
        aar, filnavn, blocks, aftryk = unsign(request.POST["kilde"])
    except (signing.BadSignature, ValueError, KeyError, TypeError):
        messages.error(
            request,
            "Forhåndsvisningen kunne ikke genkendes (den er for gammel eller ændret). "
            "Vælg filen igen.",
        )
        return HttpResponseRedirect(request.path)
    resultat = parse_blocks(blocks)
    arter, errors = chosen_kinds(request.POST, [a.nummer for a in resultat.afsnit])
    if errors:
        return preview(model_admin, request, aar, filnavn, blocks, request.POST, errors)
    try:
        plan, antal = save_import(resultat, aar, filnavn, request.user, arter, aftryk=aftryk)
    except PlanenErAendret as error:
        messages.warning(request, str(error))
        return preview(model_admin, request, aar, filnavn, blocks, request.POST)
    except Afvist:
        # The preview finds and shows the same errors: once, not twice.
        return preview(model_admin, request, aar, filnavn, blocks, request.POST)
    except ImportFejl as error:
        return preview(model_admin, request, aar, filnavn, blocks, request.POST, [str(error)])
    messages.success(
        request,
        f"Importeret fra {filnavn} til {plan} (kladde): {summary(antal)}. "
        "Tilføj indsatser, mål og kommuner som hidtil.",
    )
    return HttpResponseRedirect(
        reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[plan.pk])
    )


def render(model_admin, request, context, preview=False):
    opts = model_admin.model._meta
    return TemplateResponse(
        request,
        "admin/importering/importer.html",
        {
            **model_admin.admin_site.each_context(request),
            "title": "Forhåndsvisning af import" if preview else "Importér plan fra Word/tekst",
            "opts": opts,
            "forhaandsvisning": preview,
            "media": model_admin.media,
            **context,
        },
    )
