from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = _("Sources et publication")

    def ready(self):
        from content import planner  # noqa: F401 (connects its post_migrate receiver)
        from content.schedule import next_publication
        from pagecache import registry, versions

        # Sources are cited on every content page.
        registry.watch_app(self)
        versions.register_schedule(next_publication)
