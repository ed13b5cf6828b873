"""The photo base model: places and visits attach their own subclasses."""

import functools
import re
import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _

from photos.checks import JPEG, WEBP
from photos.fields import PhotoFileField
from photos.processing import prepare
from photos.storage import FOLDER, delete_after_commit, delete_files, store


def photo_upload_to(instance, filename):
    """A generated name: the uploader's file name and path never reach the storage.

    The suffix comes from the format found in the file (see photos.storage.store), not from
    what the uploader called it.
    """
    suffix = PurePath(filename).suffix.lower()[:5]
    return f"{FOLDER}/{uuid.uuid4().hex}{suffix}"


class PhotoLicence(models.TextChoices):
    ALL_RIGHTS_RESERVED = "tous-droits-reserves", _("Tous droits réservés")
    CC_BY = "cc-by-4.0", _("CC BY 4.0")
    CC_BY_SA = "cc-by-sa-4.0", _("CC BY-SA 4.0")
    CC_BY_NC = "cc-by-nc-4.0", _("CC BY-NC 4.0")
    CC0 = "cc0-1.0", _("CC0 1.0 (domaine public)")
    LICENCE_OUVERTE = "licence-ouverte-2.0", _("Licence Ouverte 2.0 (Etalab)")


LICENCE_URLS = {
    PhotoLicence.CC_BY: "https://creativecommons.org/licenses/by/4.0/deed.fr",
    PhotoLicence.CC_BY_SA: "https://creativecommons.org/licenses/by-sa/4.0/deed.fr",
    PhotoLicence.CC_BY_NC: "https://creativecommons.org/licenses/by-nc/4.0/deed.fr",
    PhotoLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/deed.fr",
    PhotoLicence.LICENCE_OUVERTE: "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}

# Names that cameras and phones give their files: never a description of what is seen.
FILE_NAME_LIKE = re.compile(
    r"(^\S+\.(?:jpe?g|png|webp|gif|heic|heif|tiff?|bmp|avif)$)"
    r"|(^(?:img|dsc[fn]?|pxl|dji|gopr|wp|screenshot|capture)[ _-]?\d)",
    re.IGNORECASE,
)


def _comparable(text):
    return " ".join(text.casefold().split()).strip(" .…")


class PhotoQuerySet(models.QuerySet):
    def with_file(self):
        return self.exclude(image="")


class Photo(models.Model):
    """A captioned, credited photo. Places and visits attach their own subclasses.

    A subclass only adds its foreign key: uploads are judged (photos.checks), processed
    (photos.processing) and stored and cleaned up (photos.storage, photos.registry) for every
    concrete subclass, whatever its app.
    """

    image = PhotoFileField(
        _("fichier image"),
        upload_to=photo_upload_to,
        blank=True,
        help_text=_("Facultatif : sans fichier, la légende s'affiche dans un cadre réservé."),
    )
    width = models.PositiveIntegerField(_("largeur (px)"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("hauteur (px)"), null=True, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(
        _("taille du fichier (octets)"), null=True, blank=True, editable=False
    )
    sha256 = models.CharField(
        _("empreinte SHA-256"),
        max_length=64,
        blank=True,
        editable=False,
        db_index=True,
        help_text=_("Empreinte du fichier envoyé : deux envois de la même image ont la même."),
    )
    renditions = models.JSONField(
        _("déclinaisons"),
        default=list,
        blank=True,
        editable=False,
        help_text=_(
            "Les fichiers faits à l'envoi, par format et largeur : les pages les lisent ici."
        ),
    )
    is_decorative = models.BooleanField(
        _("photo décorative"),
        default=False,
        help_text=_(
            "À cocher seulement si la photo n'apporte aucune information : "
            "les lecteurs d'écran l'ignoreront."
        ),
    )
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        blank=True,
        help_text=_(
            "Ce que l'on voit sur la photo, pour qui ne la voit pas (250 caractères au plus). "
            "Pas la légende, pas le nom du fichier."
        ),
    )
    caption = models.CharField(_("légende"), max_length=500, blank=True)
    creator = models.CharField(
        _("auteur ou autrice"), max_length=150, blank=True, help_text=_("Ex. : Elodie Touchais.")
    )
    rights_holder = models.CharField(
        _("détenteur des droits"), max_length=150, blank=True, help_text=_("Ex. : Radio France.")
    )
    credit = models.CharField(
        _("crédit affiché"),
        max_length=250,
        blank=True,
        help_text=_(
            "Laisser vide pour afficher « © Détenteur - Auteur ». S'il est saisi, il doit "
            "nommer le détenteur des droits et l'auteur."
        ),
    )
    licence = models.CharField(_("licence"), max_length=30, choices=PhotoLicence, blank=True)
    source_url = models.URLField(
        _("adresse de la source"),
        max_length=500,
        blank=True,
        help_text=_("La page où la photo a été publiée, ex. : l'article de presse."),
    )
    taken_on = models.DateField(_("date de prise de vue"), null=True, blank=True)
    is_referenced_only = models.BooleanField(
        _("référencée, non reproduite"),
        default=False,
        help_text=_(
            "À cocher quand le site n'a pas le droit de reproduire la photo : la page dit "
            "qu'elle existe, la décrit par sa légende, la crédite et renvoie à la source, "
            "sans l'afficher."
        ),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return self.caption or self.alt_text or str(_("Photo sans légende"))

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "image" not in update_fields:
            super().save(*args, **kwargs)
            return
        previous = self._stored_file_names_in_database()
        written = []
        if self.image and not self.image._committed:
            written = store(self, prepare(self.image.file))
        elif not self.image:
            self.width = self.height = self.file_size = None
            self.sha256 = ""
            self.renditions = []
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                *("width", "height", "file_size", "sha256", "renditions"),
                *("creator", "rights_holder", "taken_on"),
            }
        try:
            super().save(*args, **kwargs)
        except BaseException:
            delete_files(self.image.storage, written)
            raise
        current = set(self.stored_file_names())
        delete_after_commit(self, [name for name in previous if name not in current])

    def _stored_file_names_in_database(self):
        if self._state.adding or self.pk is None:
            return []
        row = type(self)._base_manager.filter(pk=self.pk).values_list("image", "renditions").first()
        if row is None:
            return []
        image, renditions = row
        return [name for name in [image, *(r["name"] for r in renditions or [])] if name]

    @property
    def credit_line(self):
        if self.credit:
            return self.credit
        names = " - ".join(part for part in (self.rights_holder, self.creator) if part)
        return f"© {names}" if names else ""

    @classmethod
    @functools.cache
    def first_with_file(cls, owner, outer="pk"):
        """A subquery: the id of the first photo with a file (by order) whose foreign key
        `owner` is the outer row's `outer` column. The database evaluates it only for the rows
        it returns (a page's). Built once per photo model, owner and column: a query copies an
        expression it is given, never changes it, and building it cost a list page a third of
        a millisecond."""
        first = cls.objects.with_file().filter(**{owner: OuterRef(outer)})
        return Subquery(first.order_by("order", "id").values("pk")[:1])

    @classmethod
    def cover_prefetch(cls, owner, lookup="photos", to_attr="cover_photos"):
        """The first photo with a file of every row of a list, in one query for the whole page."""
        # A correlated subquery rather than a slice: Django would build the slice's window
        # function, a millisecond of Python per page.
        covers = cls.objects.filter(pk=cls.first_with_file(owner, outer=owner))
        return Prefetch(lookup, queryset=covers, to_attr=to_attr)

    @classmethod
    def attach_covers(cls, rows, to_attr="cover_photos"):
        """Gives each of `rows`, annotated with `cover_id` (`first_with_file`), its cover as
        `[photo]` or `[]`, as `cover_prefetch` does: one query for the rows."""
        ids = [row.cover_id for row in rows if row.cover_id]
        covers = cls.objects.in_bulk(ids) if ids else {}
        for row in rows:
            setattr(row, to_attr, [covers[row.cover_id]] if row.cover_id in covers else [])
        return rows

    @property
    def licence_url(self):
        return LICENCE_URLS.get(self.licence, "")

    @property
    def licence_label(self):
        """What `get_licence_display()` gives, read from the choices' enumeration: Django's
        builds a dictionary of every choice on each call, a fifth of a photo's drawing."""
        try:
            return PhotoLicence(self.licence).label
        except ValueError:
            return self.licence

    @property
    def has_rights_status(self):
        """What the site may do with the photo is known: a licence says under which terms it
        is shown, or it is only referenced (not reproduced)."""
        return bool(self.licence) or self.is_referenced_only

    def editorial_problems(self):
        """What a photo must carry before its page is published, read from its own fields."""
        problems = []
        if not self.caption.strip():
            problems.append(_("Cette photo n'a pas de légende."))
        if not self.credit_line:
            problems.append(
                _("Cette photo n'a pas de crédit (détenteur des droits, auteur ou crédit affiché).")
            )
        if not self.has_rights_status:
            problems.append(
                _(
                    "Cette photo n'a pas de statut de droits : choisissez sa licence ou cochez "
                    "« référencée, non reproduite »."
                )
            )
        return problems

    @staticmethod
    def incomplete_condition(prefix=""):
        """The photos `editorial_problems` would find something in, as a query condition."""

        def blank(name):
            return Q(**{f"{prefix}{name}": ""})

        return (
            blank("caption")
            | (blank("credit") & blank("rights_holder") & blank("creator"))
            | (blank("licence") & Q(**{f"{prefix}is_referenced_only": False}))
        )

    def clean(self):
        super().clean()
        errors = {}
        if self.image and not self.image._committed:
            try:
                prepare(self.image.file)
            except ValidationError as error:
                errors["image"] = error.messages
        alt = _comparable(self.alt_text)
        if self.is_decorative and alt:
            errors["alt_text"] = _(
                "Une photo décorative n'a pas de texte alternatif : videz ce champ "
                "ou décochez « photo décorative »."
            )
        elif self.image and not self.is_decorative and not alt:
            errors["alt_text"] = _(
                "Décrivez ce que montre la photo (texte alternatif obligatoire), "
                "ou cochez « photo décorative » si elle n'apporte aucune information."
            )
        elif alt and alt == _comparable(self.caption):
            errors["alt_text"] = _("Le texte alternatif ne doit pas répéter la légende.")
        elif alt and (alt in self._file_names() or FILE_NAME_LIKE.search(alt)):
            errors["alt_text"] = _(
                "Le texte alternatif ne doit pas être un nom de fichier : "
                "décrivez ce que l'on voit sur la photo."
            )
        if self.is_referenced_only and self.image:
            errors["image"] = _(
                "Une photo référencée, non reproduite n'a pas de fichier : retirez-le ou "
                "décochez « référencée, non reproduite »."
            )
        if self.credit:
            credit = _comparable(self.credit)
            missing = [
                name
                for name in (self.rights_holder, self.creator)
                if name and _comparable(name) not in credit
            ]
            if missing:
                errors["credit"] = _(
                    "Le crédit affiché doit nommer %(names)s ; laissez-le vide pour afficher "
                    "le crédit complet."
                ) % {"names": " et ".join(f"« {name} »" for name in missing)}
        if errors:
            raise ValidationError(errors)

    def _file_names(self):
        if not self.image:
            return set()
        path = PurePath(self.image.name)
        return {_comparable(path.name), _comparable(path.stem)}

    def stored_file_names(self):
        names = [self.image.name] if self.image else []
        return names + [record["name"] for record in self.renditions or []]

    # What templates read: everything comes from the row, the storage is never asked.

    def _renditions_in(self, image_format):
        records = [r for r in self.renditions or [] if r["format"] == image_format.name]
        return sorted(records, key=lambda record: record["width"])

    def _srcset(self, image_format):
        storage = self.image.storage
        return ", ".join(
            f"{storage.url(record['name'])} {record['width']}w"
            for record in self._renditions_in(image_format)
        )

    @property
    def srcset_webp(self):
        return self._srcset(WEBP)

    @property
    def srcset_jpeg(self):
        return self._srcset(JPEG)

    @property
    def src(self):
        """The largest JPEG rendition: what a browser without srcset shows."""
        records = self._renditions_in(JPEG)
        if records:
            return self.image.storage.url(records[-1]["name"])
        return self.image.url if self.image else ""

    @property
    def thumbnail_url(self):
        records = self._renditions_in(WEBP) or self._renditions_in(JPEG)
        if records:
            return self.image.storage.url(records[0]["name"])
        return self.image.url if self.image else ""
