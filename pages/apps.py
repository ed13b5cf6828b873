from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages a French public site must have: accessibility statement, legal notice, contact."""

    name = "pages"
    verbose_name = _("Pages du site et contact")
