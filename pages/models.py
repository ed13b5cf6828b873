"""The site pages staff edit (accessibility statement, legal notice, contact text) and the
messages visitors send through the contact form."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pages import markup


class SitePage(models.Model):
    """A page whose address is fixed and whose text staff keep up to date in the admin."""

    class Slug(models.TextChoices):
        ACCESSIBILITY = "accessibilite", _("Déclaration d'accessibilité")
        LEGAL_NOTICE = "mentions-legales", _("Mentions légales")
        CONTACT = "contact", _("Contact (texte au-dessus du formulaire)")

    slug = models.SlugField(_("page"), max_length=40, unique=True, choices=Slug)
    title = models.CharField(_("titre"), max_length=200)
    description = models.CharField(
        _("description"),
        max_length=300,
        help_text=_(
            "Une ou deux phrases : ce que montrent les moteurs de recherche et les partages."
        ),
    )
    body = models.TextField(
        _("texte"),
        help_text=_(
            "Markdown simple : « ## Titre », « - élément de liste », « **gras** », "
            "« [texte du lien](/contact/) ». Le HTML est affiché tel quel, jamais interprété. "
            "Remplacez chaque « [À compléter : …] », surligné sur la page tant qu'il reste."
        ),
    )
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("page du site")
        verbose_name_plural = _("pages du site")
        ordering = ["slug"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse(f"pages:{self.slug}")

    @property
    def body_html(self):
        return markup.render(self.body)

    @property
    def placeholders(self):
        return markup.placeholders(self.body)


class ContactMessage(models.Model):
    """What a visitor wrote, kept as typed: shown escaped, never interpreted as HTML."""

    class Subject(models.TextChoices):
        CORRECTION = "correction", _("Corriger ou compléter une fiche")
        NEW_PLACE = "nouveau-lieu", _("Proposer un lieu")
        ACCESSIBILITY = "accessibilite", _("Signaler un problème d'accessibilité")
        REMOVAL = "retrait", _("Demander le retrait d'une photo ou d'un contenu")
        DATA = "donnees", _("Question sur les données et leur réutilisation")
        OTHER = "autre", _("Autre demande")

    MESSAGE_MAX_LENGTH = 5000

    name = models.CharField(_("nom"), max_length=150)
    email = models.EmailField(_("adresse électronique"), max_length=254)
    subject = models.CharField(_("objet"), max_length=20, choices=Subject)
    message = models.TextField(_("message"), max_length=MESSAGE_MAX_LENGTH)
    created_at = models.DateTimeField(_("reçu le"), auto_now_add=True)
    handled = models.BooleanField(
        _("traité"), default=False, help_text=_("À cocher une fois la demande traitée.")
    )

    class Meta:
        verbose_name = _("message reçu")
        verbose_name_plural = _("messages reçus")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["handled", "-created_at"], name="contact_inbox_idx")]

    def __str__(self):
        return f"{self.get_subject_display()} — {self.name}"
