from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersLieuxConfig(AppConfig):
    """The project: site-wide pages and the commands that drive every app."""

    name = "tierslieux"
    verbose_name = _("Site")

    def ready(self):
        from pagecache import registry

        registry.register_pages("home", "sitemap")
