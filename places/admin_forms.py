"""The place form of the admin: the commune, picked by autocomplete, fills in the rest."""

from django import forms
from django.utils.translation import gettext_lazy as _

from places.communes.lookup import commune_label
from places.models import Place


class PlaceAdminForm(forms.ModelForm):
    """Department optional when a commune is chosen: `Place.clean` takes it from the commune,
    with the INSEE code, the name and, when the commune has only one, the postcode."""

    class Meta:
        model = Place
        # The admin passes the fields of its fieldsets; these are the ones this form is about.
        fields = ["commune", "postcode", "department"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "department" in self.fields:
            self.fields["department"].required = False
            self.fields["department"].help_text = _(
                "Rempli d'après la commune quand elle est choisie."
            )
        if "commune" in self.fields:
            commune = self.fields["commune"]
            commune.label_from_instance = commune_label
            commune.queryset = commune.queryset.select_related("department")

    def clean(self):
        cleaned = super().clean()
        if "commune" not in self.fields or "commune" in self.errors:
            return cleaned
        commune = cleaned.get("commune")
        if commune is None and not cleaned.get("department") and "department" not in self.errors:
            self.add_error(
                "department",
                _("Choisissez la commune du lieu ou, à défaut, son département."),
            )
        if commune is None and "commune" in self.changed_data:
            # The commune was removed: its code and name, which only it could fill, go too.
            self.instance.commune_code = ""
            self.instance.commune_name = ""
        return cleaned
