from django.conf import settings


def portal(request):
    """Who runs this portal, for the header and footer of every page."""
    return {
        "portal": {
            "politikreds": settings.PORTAL_POLITIKREDS,
            "kontakt_email": settings.PORTAL_CONTACT_EMAIL,
            "kontakt_telefon": settings.PORTAL_CONTACT_PHONE,
        }
    }
