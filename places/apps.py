from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Lieux")

    def ready(self):
        from pagecache import registry
        from places import editorial, held_labels, labels

        labels.connect()
        held_labels.connect()

        # Import records are the editors' own: no public page shows them.
        editorial.register_rules()
        registry.watch_app(self, exclude=["PlaceImport"])
        registry.register_pages(
            "places:list",
            "places:detail",
            "places:download_csv",
            "places:download_geojson",
            "map",
        )
        # Sent gzipped to those who accept it.
        registry.register_pages("map_data", vary=["Accept-Encoding"])
