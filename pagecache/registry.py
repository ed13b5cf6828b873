"""What apps register: the pages that may be cached, the models whose changes invalidate them.

Both from an app's `AppConfig.ready()`, so that this app never imports theirs:

    registry.register_pages("places:list", "places:detail")
    registry.watch_app(self, exclude=["PlaceImport"])
"""

from dataclasses import dataclass

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

from pagecache import versions


@dataclass(frozen=True)
class Page:
    view_name: str
    # Request headers the answer depends on (its Vary header): part of the entry's key. An
    # answer that varies on any other header is not stored.
    vary: frozenset = frozenset()


_pages = {}
_watched = set()


def register_pages(*view_names, vary=()):
    """URL names (with their namespace, as in `{% url %}`) whose anonymous GET answers are
    cached. Each page must show the same thing to every anonymous visitor of its address."""
    for view_name in view_names:
        _pages[view_name] = Page(view_name, frozenset(header.lower() for header in vary))


def page_for(resolver_match):
    """The registered page a resolved request is for, or None."""
    if resolver_match is None:
        return None
    return _pages.get(resolver_match.view_name)


def registered_pages():
    return dict(_pages)


def watch(*models):
    """Saving or deleting a row of these models changes the content; so does changing the
    many-to-many relations they declare."""
    for model in models:
        if model in _watched:
            continue
        _watched.add(model)
        uid = f"pagecache.{model._meta.label_lower}"
        if model._meta.auto_created:
            # The table of a many-to-many relation: its changes come as m2m_changed. No delete
            # signal here, so that Django keeps deleting such rows in one query.
            m2m_changed.connect(_relation_changed, sender=model, dispatch_uid=f"{uid}.m2m")
            continue
        post_save.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.saved")
        post_delete.connect(_row_changed, sender=model, dispatch_uid=f"{uid}.deleted")


def watch_app(app_config, exclude=()):
    """Every model of an app, with the tables of its many-to-many relations, but those named in
    `exclude` (what no public page shows: import records, messages received)."""
    watch(
        *(
            model
            for model in app_config.get_models(include_auto_created=True)
            if model.__name__ not in exclude
            # A many-to-many table goes with the model that declares it.
            and not (model._meta.auto_created and model._meta.auto_created.__name__ in set(exclude))
        )
    )


def watched_models():
    return set(_watched)


def _row_changed(sender, using=None, **_kwargs):
    versions.changed(using=using)


def _relation_changed(sender, action, using=None, **_kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        versions.changed(using=using)


def _migrated(sender, using=None, **_kwargs):
    # Data migrations change content without signals, and a deployment's new templates must
    # not be served the old pages.
    versions.changed(using=using)


def connect():
    """Called once the apps are ready."""
    post_migrate.connect(_migrated, dispatch_uid="pagecache.migrated")
