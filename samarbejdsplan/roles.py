"""The two roles of the portal, as Django groups with their permissions.

- Sekretariat: edits the content of draft plans, publishes, reopens and copies
  plans to a new year.
- Kredsråd: sees everything in the admin and the drafts on the public pages,
  changes nothing.

A superuser can do everything; a user in neither group sees nothing. The
groups are created by a migration and made whole again after every migrate
(a test database's flush removes them), so every installation has them.
"""

from django.contrib.auth.management import create_permissions

SEKRETARIAT = "Sekretariat"
KREDSRAAD = "Kredsråd"

CRUD = ("view", "add", "change", "delete")

# (app, model) → the actions Sekretariat may take. Kredsråd may view them all.
SEKRETARIAT_MAY = {
    ("samarbejdsplan", "samarbejdsplan"): CRUD,
    ("samarbejdsplan", "underskriver"): CRUD,
    ("samarbejdsplan", "afsnit"): CRUD,
    ("samarbejdsplan", "sspafsnit"): CRUD,
    ("samarbejdsplan", "nationaltfokusomraade"): CRUD,
    ("samarbejdsplan", "lokaltfokusomraade"): CRUD,
    ("samarbejdsplan", "subafsnit"): CRUD,
    ("indsatser", "indsats"): CRUD,
    ("indsatser", "maal"): CRUD,
    ("indsatser", "deltagelse"): CRUD,
    ("indsatser", "aktoer"): CRUD,
    # Places outlive plans: the secretariat adds housing areas, but the list of
    # municipalities is kept by an administrator.
    ("kommuner", "boligomraade"): ("view", "add", "change"),
    ("kommuner", "kommune"): ("view",),
    # Snapshots of published plans are made by publishing, never by hand.
    ("samarbejdsplan", "eksport"): ("view",),
}
SEKRETARIAT_EXTRA = [
    ("samarbejdsplan", "offentliggoer_samarbejdsplan"),
    ("samarbejdsplan", "kopier_samarbejdsplan"),
]


def wanted_permissions():
    sekretariat = [
        (app, f"{action}_{model}")
        for (app, model), actions in SEKRETARIAT_MAY.items()
        for action in actions
    ] + SEKRETARIAT_EXTRA
    kredsraad = [(app, f"view_{model}") for app, model in SEKRETARIAT_MAY]
    return {SEKRETARIAT: sekretariat, KREDSRAAD: kredsraad}


def ensure_roles(apps, using="default"):
    """Create the groups and set exactly their permissions. Safe to run again."""
    for app_config in apps.get_app_configs():
        # Permissions are normally made after migrate; a migration needs them
        # now. create_permissions skips app configs without a models module,
        # which is every app config of a migration's historical state.
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = models_module or True
        create_permissions(app_config, apps=apps, verbosity=0, using=using)
        app_config.models_module = models_module
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in wanted_permissions().items():
        group, _ = Group.objects.using(using).get_or_create(name=name)
        # A migration sees only the models that exist at its point in history;
        # later migrations (and every migrate's end) add the rest.
        permissions = [
            permission
            for app, codename in wanted
            for permission in Permission.objects.using(using).filter(
                content_type__app_label=app, codename=codename
            )
        ]
        group.permissions.set(permissions)
