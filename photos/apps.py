from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PhotosConfig(AppConfig):
    name = "photos"
    verbose_name = _("Photos")

    def ready(self):
        # Every app's models are loaded by now: photo models of later apps (visits) are covered.
        from photos import registry

        registry.connect_signals()
