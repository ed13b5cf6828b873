from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "places"
    verbose_name = _("Lieux")

    def ready(self):
        from pagecache import registry
        from places import editorial, held_labels, labels

        labels.connect()
        post_migrate.connect(repair_tally, sender=self)
        held_labels.connect()

        # Import records are the editors' own: no public page shows them.
        editorial.register_rules()
        # The tally is written by the database (places.tally), never through a signal.
        registry.watch_app(self, exclude=["PlaceImport", "DepartmentTally"])
        registry.register_pages(
            "places:list",
            "places:detail",
            "places:download_csv",
            "places:download_geojson",
            "map",
        )
        # Sent gzipped to those who accept it.
        registry.register_pages("map_data", "map_overview", vary=["Accept-Encoding"])


def repair_tally(using="default", **kwargs):
    from places import tally

    tally.repair_sqlite(using)
