from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TiersLieuxConfig(AppConfig):
    name = "tierslieux"
    verbose_name = _("Contenu partagé")

    def ready(self):
        # Every app's models are loaded by now: photo models of later apps (visits) are covered.
        from tierslieux import photos

        photos.connect_signals()
