"""Every public address is cached or deliberately not, and every model a page shows is watched."""

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from pagecache import registry

# Named addresses that are not cached whole, and why.
NOT_CACHED = {
    "pages:contact": "its form carries a CSRF token",
    "pages:contact_sent": "answers a form, shows no content",
    "robots": "a few lines of text, no query",
    "favicon": "a redirect to a static file",
    "apple_touch_icon": "a redirect to a static file",
    "health": "asks the database at each request, for the load balancer",
    "api:schema": "built from the code, not from content",
    "history:recent_changes": "staff only, part of the admin",
    "history:restore_deleted": "staff only, POST",
    "api:docs": "a page of static files",
    # The API's answers are kept by its views, after the throttle (api/views.py).
    "api:places-list": "cached by the view",
    "api:places-detail": "cached by the view",
    "api:programmes-list": "cached by the view",
    "api:programmes-detail": "cached by the view",
    "api:visits-list": "cached by the view",
    "api:visits-detail": "cached by the view",
}

# Models no public page shows.
NOT_WATCHED = {
    "places.PlaceImport",
    "places.DepartmentTally",  # written by database triggers: the place's own change empties it
    "pages.ContactMessage",
    "exports.ExportLog",
}
CONTENT_APPS = {"content", "places", "funding", "visits", "pages", "photos", "exports"}


def named_urls(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from named_urls(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_public_address_is_cached_or_listed_with_its_reason():
    registered = set(registry.registered_pages())
    names = set(named_urls())
    assert registered <= names, f"pages enregistrées sans adresse : {registered - names}"
    forgotten = names - registered - set(NOT_CACHED)
    assert not forgotten, f"ni en cache ni exclues : {sorted(forgotten)}"
    assert not registered & set(NOT_CACHED)


def test_every_model_of_the_content_apps_is_watched_unless_listed():
    watched = registry.watched_models()
    for app_label in CONTENT_APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            label = model._meta.label
            if label in NOT_WATCHED or (
                model._meta.auto_created and model._meta.auto_created._meta.label in NOT_WATCHED
            ):
                assert model not in watched, label
            else:
                assert model in watched, f"{label} : ses changements ne vident pas le cache"
