"""Helpers for tests that use the admin as a person would: users in each role,
and a change form posted back the way the browser sends it."""

from django.contrib.auth.models import Group, User

ROLES = ["anonym", "ingen gruppe", "Kredsråd", "Sekretariat", "superuser"]


def user_in_role(role, name=None):
    """A user of `role` (None for "anonym")."""
    if role == "anonym":
        return None
    name = name or f"bruger-{ROLES.index(role)}"
    if role == "superuser":
        return User.objects.create_superuser(name, f"{name}@example.dk", "x")
    user = User.objects.create_user(name, password="x", is_staff=True)
    if role != "ingen gruppe":
        user.groups.add(Group.objects.get(name=role))
    return user


def _value(value):
    if hasattr(value, "pk"):
        return value.pk
    return value


def form_data(response):
    """The change form of an admin page as the browser would post it back, formsets included."""
    data = {}
    adminform = response.context.get("adminform")
    forms = [adminform.form] if adminform is not None else []
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.formset.forms)
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            keys = [form.add_prefix(name)]
            if form.fields[name].show_hidden_initial:
                # The browser posts back the value the page started from as well.
                keys.append(form.add_initial_prefix(name))
            for key in keys:
                if isinstance(value, list | tuple):
                    data[key] = [str(_value(v)) for v in value]
                else:
                    data[key] = _value(value)
    return data
