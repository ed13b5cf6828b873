from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages a French public site must have: accessibility statement, legal notice, contact."""

    name = "pages"
    verbose_name = _("Pages du site et contact")

    def ready(self):
        from pagecache import registry

        # Messages received are read in the admin only. The contact page is not cached: its
        # form carries a CSRF token.
        registry.watch_app(self, exclude=["ContactMessage"])
        registry.register_pages("pages:accessibilite", "pages:mentions-legales")
