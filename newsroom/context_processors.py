from django.conf import settings


def site(request):
    """The publication's name, for the header, titles and feeds."""
    return {"SITE_NAME": settings.SITE_NAME}
