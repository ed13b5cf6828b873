from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Lieux")

    def ready(self):
        # Imported here: places.maps needs the models, loaded only now.
        from places import maps

        maps.connect_signals()
