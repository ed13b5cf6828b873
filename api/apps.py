from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Données ouvertes")

    def ready(self):
        from pagecache import registry

        # The API's answers are cached by its views, after the throttle (api/views.py).
        registry.register_pages("open_data")
