"""The admin's import forms: the upload, the column mapping, the choices for duplicates."""

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from content.search import normalize
from places.imports import fields
from places.imports.builtin import CGET, TIERSLIEUX
from places.imports.cleaning import clean_text, split_list
from places.imports.mapping import MappingError, from_json, lifecycle_of
from places.imports.reading import MAX_FILE_BYTES, ImportFileError, read_table
from places.imports.report import ATTACH, CREATE_NEW, SKIP
from places.models import Dataset, Lifecycle, PlaceKind, Service

NEW_MAPPING = "new"
MAX_TRANSLATED_VALUES = 60
# The columns whose value is one word of the site's, or « unknown »: their choices.
ONE_CHOICE = {
    "statut": [
        ("", _("inconnu : statut par défaut")),
        ("publié", _("publié")),
        ("brouillon", _("brouillon")),
    ],
    "etat": [("", _("inconnu : état inchangé")), *Lifecycle.choices],
}


def layout_choices():
    choices = [
        (CGET, _("Recensement CGET – Mission Coworking 2019 (mêmes colonnes)")),
        (TIERSLIEUX, _("Export CSV de ce site (réimport)")),
    ]
    for dataset in Dataset.objects.exclude(mapping={}).order_by("title"):
        choices.append(
            (
                f"dataset:{dataset.pk}",
                _("Nouvelle version de « %(title)s » (correspondance enregistrée)")
                % {"title": dataset.title},
            )
        )
    choices.append((NEW_MAPPING, _("Autre fichier : définir la correspondance des colonnes")))
    return choices


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "CSV (UTF-8 ou Windows-1252 ; séparateur point-virgule, virgule ou tabulation) ou "
            "classeur Excel .xlsx, %(max)d Mo au plus."
        )
        % {"max": MAX_FILE_BYTES // (1024 * 1024)},
    )
    layout = forms.ChoiceField(label=_("Disposition du fichier"))
    skip_invalid = forms.BooleanField(
        label=_("Charger les lignes valides même si d'autres sont rejetées"),
        required=False,
        help_text=_("Sinon, une seule ligne rejetée fait refuser tout le fichier."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["layout"].choices = layout_choices()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(max)d Mo.") % {"max": MAX_FILE_BYTES // (1024 * 1024)}
            )
        data = upload.read()
        try:
            # Refused at once, in French, before anything is stored.
            read_table(data, upload.name)
        except ImportFileError as error:
            raise forms.ValidationError(str(error)) from None
        self.cleaned_data["data"] = data
        return upload

    def dataset(self):
        layout = self.cleaned_data["layout"]
        if layout.startswith("dataset:"):
            return Dataset.objects.filter(pk=int(layout.partition(":")[2])).first()
        return None


class MappingForm(forms.Form):
    """One select per import column, the dataset's description, and value translations."""

    title = forms.CharField(label=_("Titre du jeu de données"), max_length=300)
    attribution = forms.CharField(
        label=_("Mention de la source"),
        max_length=300,
        help_text=_("Affichée sur la page de chaque lieu : « Source : … »."),
    )
    licence = forms.CharField(label=_("Licence"), max_length=100, initial="Licence Ouverte 2.0")
    licence_url = forms.URLField(
        label=_("Adresse de la licence"), required=False, max_length=300, assume_scheme="https"
    )
    url = forms.URLField(
        label=_("Adresse du jeu de données"), required=False, max_length=300, assume_scheme="https"
    )
    identifier = forms.ChoiceField(
        label=_("Colonne qui identifie une ligne"),
        required=False,
        help_text=_(
            "Un identifiant propre au fichier, stable d'une version à l'autre. Sans elle, une "
            "ligne est reconnue par son nom et sa commune."
        ),
    )
    default_status = forms.ChoiceField(
        label=_("Statut des lieux créés"),
        choices=[
            ("brouillon", _("brouillon (à relire avant publication)")),
            ("publié", _("publié")),
        ],
        initial="brouillon",
    )
    erase_when_empty = forms.MultipleChoiceField(
        label=_("Une cellule vide efface la valeur du site pour"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Par défaut, une cellule vide veut dire « inconnu » et ne change rien."),
    )

    def __init__(self, *args, header, table, mapping=None, dataset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.header = header
        column_choices = [("", "—")] + [(name, name) for name in header]
        self.fields["identifier"].choices = [("", _("aucune")), *column_choices[1:]]
        self.column_fields = []
        for spec in fields.MAPPABLE:
            name = f"column_{spec.name}"
            self.fields[name] = forms.ChoiceField(
                label=spec.label, choices=column_choices, required=False
            )
            self.column_fields.append(self[name])
        self.fields["erase_when_empty"].choices = [
            (spec.name, spec.label) for spec in fields.MAPPABLE if spec.name != "nom"
        ]
        self._set_initial(mapping or {}, dataset)
        self.translation_fields = self._translation_fields(table, mapping or {})

    def _set_initial(self, mapping, dataset):
        described = mapping.get("dataset") or {}
        if dataset is not None:
            described = {
                key: getattr(dataset, key)
                for key in ("title", "attribution", "licence", "licence_url", "url")
            }
        for key, value in described.items():
            if key in self.fields and value:
                self.initial[key] = value
        self.initial["identifier"] = mapping.get("identifier") or ""
        for name, sources in (mapping.get("columns") or {}).items():
            first = sources if isinstance(sources, str) else (sources or [""])[0]
            if first in self.header:
                self.initial[f"column_{name}"] = first
        options = mapping.get("options") or {}
        self.initial["default_status"] = options.get("default_status", "brouillon")
        self.initial["erase_when_empty"] = options.get("erase_when_empty", [])

    @property
    def dataset_fields(self):
        names = ("title", "attribution", "licence", "licence_url", "url", "identifier")
        return [self[name] for name in (*names, "default_status")]

    def chosen_column(self, name):
        if self.is_bound:
            return self.data.get(f"column_{name}", "")
        return self.initial.get(f"column_{name}", "")

    def _translation_fields(self, table, mapping):
        """A field per distinct value of the types, services, status and state columns."""
        known = {
            "types": [(kind.slug, kind.name) for kind in PlaceKind.objects.all()],
            "services": [(service.slug, service.name) for service in Service.objects.all()],
        }
        saved = mapping.get("values") or {}
        found = []
        for name in ("types", "services", *ONE_CHOICE):
            column = self.chosen_column(name)
            if not column:
                continue
            values = []
            for _line, raw in table.rows:
                text = clean_text(raw.get(column))
                if text and text not in values:
                    values.append(text)
                if len(values) >= MAX_TRANSLATED_VALUES:
                    break
            saved_here = {normalize(k): v for k, v in (saved.get(name) or {}).items()}
            for index, text in enumerate(values):
                key = f"value_{name}_{index}"
                label = _("« %(value)s »") % {"value": text}
                if name in ONE_CHOICE:
                    field = forms.ChoiceField(label=label, required=False, choices=ONE_CHOICE[name])
                    initial = _initial_choice(name, text, saved_here)
                else:
                    field = forms.MultipleChoiceField(
                        label=label,
                        required=False,
                        choices=known[name],
                        widget=forms.CheckboxSelectMultiple,
                    )
                    initial = _initial_items(text, saved_here, known[name])
                self.fields[key] = field
                self.initial.setdefault(key, initial)
                found.append((name, text, self[key]))
        return found

    def mapping_data(self, dataset_slug=""):
        """The JSON form of the mapping described by the (valid) form."""
        data = self.cleaned_data
        columns = {}
        for spec in fields.MAPPABLE:
            source = data.get(f"column_{spec.name}")
            if source:
                columns[spec.name] = source
        values = {}
        for name, text, bound in self.translation_fields:
            chosen = data.get(bound.name)
            if name in ONE_CHOICE:
                values.setdefault(name, {})[text] = chosen or None
            else:
                values.setdefault(name, {})[text] = list(chosen) or None
        return {
            "dataset": {
                "slug": dataset_slug or slugify(data["title"])[:100],
                "title": data["title"],
                "attribution": data["attribution"],
                "licence": data["licence"],
                "licence_url": data.get("licence_url", ""),
                "url": data.get("url", ""),
            },
            "identifier": data.get("identifier") or None,
            "columns": columns,
            "values": values,
            "options": {
                "default_status": data["default_status"],
                "erase_when_empty": [n for n in data.get("erase_when_empty", []) if n in columns],
            },
        }

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("column_nom"):
            self.add_error("column_nom", _("Choisissez la colonne qui donne le nom du lieu."))
        used = [cleaned.get(f"column_{spec.name}") for spec in fields.MAPPABLE]
        used = [name for name in used if name]
        repeated = sorted({name for name in used if used.count(name) > 1})
        if repeated:
            raise forms.ValidationError(
                _("Une colonne ne peut nourrir qu'un seul champ : %(columns)s.")
                % {"columns": ", ".join(repeated)}
            )
        if not self.errors:
            try:
                from_json(self.mapping_data())
            except MappingError as error:
                raise forms.ValidationError(str(error)) from None
        return cleaned


def _initial_choice(name, text, saved):
    """The choice a status or state value starts with: its saved translation, else (a state)
    the site's own word it is."""
    chosen = saved.get(normalize(text)) or ""
    if name == "statut":
        return {"published": "publié", "draft": "brouillon"}.get(chosen, chosen)
    return chosen or lifecycle_of(text) or ""


def _initial_items(text, saved, known):
    if normalize(text) in saved:
        return saved[normalize(text)] or []
    by_word = {normalize(slug): slug for slug, _name in known}
    by_word.update({normalize(name): slug for slug, name in known})
    found = [by_word.get(normalize(text))] if normalize(text) in by_word else []
    if not found:
        found = [by_word[normalize(p)] for p in split_list(text) if normalize(p) in by_word]
    return found


class DecisionsForm(forms.Form):
    """A choice per probable duplicate: attach it to a candidate, create, skip or wait."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = []
        for row in rows:
            choices = [
                (
                    f"{ATTACH}:{c['place_id']}",
                    _("rattacher à « %(name)s » (%(where)s)")
                    % {"name": c["name"], "where": c["commune"] or c["department"]},
                )
                for c in row.candidates
            ]
            choices += [
                (CREATE_NEW, _("créer un nouveau lieu")),
                (SKIP, _("écarter cette ligne")),
                ("", _("décider plus tard")),
            ]
            name = f"row_{row.line}"
            self.fields[name] = forms.ChoiceField(
                label=_("Ligne %(line)d : %(name)s") % {"line": row.line, "name": row.name},
                choices=choices,
                required=False,
                widget=forms.RadioSelect,
                initial=row.decision,
            )
            self.rows.append((row, self[name]))

    def decisions(self):
        return {
            (row.key or str(row.line)): self.cleaned_data.get(f"row_{row.line}") or ""
            for row, _bound in self.rows
        }
