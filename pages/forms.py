from django import forms
from django.utils.translation import gettext_lazy as _

from pages.models import ContactMessage


class ContactForm(forms.ModelForm):
    """The contact form, with French messages and a honeypot field that people never see."""

    # Robots fill every field they find; people never see this one (hidden from screens and
    # assistive technologies, out of the tab order). A message with it filled is dropped.
    website = forms.CharField(
        label=_("Ne pas remplir ce champ"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        labels = {
            "name": _("Votre nom"),
            "email": _("Votre adresse électronique"),
            "subject": _("Objet"),
            "message": _("Votre message"),
        }
        help_texts = {
            "email": _("Pour vous répondre, rien d'autre. Exemple : nom@exemple.fr"),
            "message": _("5 000 caractères au plus."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "name": {"required": _("Indiquez votre nom.")},
            "email": {
                "required": _(
                    "Indiquez votre adresse électronique, pour que nous puissions vous répondre."
                ),
                "invalid": _(
                    "Saisissez une adresse électronique valide, par exemple nom@exemple.fr."
                ),
            },
            "subject": {
                "required": _("Choisissez l'objet de votre message."),
                "invalid_choice": _("Choisissez l'objet de votre message dans la liste."),
            },
            "message": {
                "required": _("Écrivez votre message."),
                "max_length": _(
                    "Votre message est trop long : %(limit_value)d caractères au plus "
                    "(il en compte %(show_value)d)."
                ),
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [
            ("", _("Choisissez l'objet de votre message")),
            *ContactMessage.Subject.choices,
        ]
        self.fields["name"].error_messages["max_length"] = _(
            "Votre nom est trop long : %(limit_value)d caractères au plus."
        )

    @property
    def is_from_a_robot(self):
        return bool(self.cleaned_data.get("website"))
