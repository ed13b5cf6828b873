from django import forms
from django.utils.translation import gettext_lazy as _

from places import importers
from places.models import PlaceImport


class PlaceImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("UTF-8 ou Windows-1252, séparateur virgule ou point-virgule, 5 Mo au plus."),
    )
    file_format = forms.ChoiceField(label=_("Format"), choices=PlaceImport.Format.choices)
    skip_invalid = forms.BooleanField(
        label=_("Charger les lignes valides même si d'autres sont rejetées"),
        required=False,
        help_text=_("Sinon, une seule ligne rejetée fait refuser tout le fichier."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > importers.MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(max)d Mo.")
                % {"max": importers.MAX_FILE_BYTES // (1024 * 1024)}
            )
        try:
            self.cleaned_data["text"] = importers.decode(upload.read())
        except importers.ImportFileError as error:
            raise forms.ValidationError(str(error)) from error
        return upload
