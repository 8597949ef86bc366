"""The two roles of the portal, as Django groups with their permissions.

- Sekretariat: edits the content of draft plans, publishes, reopens and copies
  plans to a new year.
- Kredsråd: sees everything in the admin and the drafts on the public pages,
  changes nothing.

What Sekretariat may do with a model is declared on the model itself
(`secretariat_may = ("view", "add", "change", "delete")`), so a new model is
one declaration beside its fields; Kredsråd may view every such model. A test
fails when a model of the project declares nothing. A superuser can do
everything; a user in neither group sees nothing. The groups are created by a
migration and made whole again after every migrate (a test database's flush
removes them), so every installation has them.
"""

from django.apps import apps as current_apps
from django.contrib.auth.management import create_permissions

SEKRETARIAT = "Sekretariat"
KREDSRAAD = "Kredsråd"

SEKRETARIAT_EXTRA = [
    ("samarbejdsplan", "offentliggoer_samarbejdsplan"),
    ("samarbejdsplan", "kopier_samarbejdsplan"),
]


def declared():
    """(app label, model name, actions) for every model that declares `secretariat_may`.

    Read from the current models, not a migration's historical ones: those
    carry fields, not class attributes.
    """
    return [
        (model._meta.app_label, model._meta.model_name, model.secretariat_may)
        for model in current_apps.get_models()
        if getattr(model, "secretariat_may", None) is not None
    ]


def wanted_permissions():
    models = declared()
    sekretariat = [
        (app, f"{action}_{model}") for app, model, actions in models for action in actions
    ] + SEKRETARIAT_EXTRA
    kredsraad = [(app, f"view_{model}") for app, model, _ in models]
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
