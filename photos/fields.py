"""The photo fields: uploads go through `prepare()`, whatever their name or content type."""

from django import forms
from django.db import models
from django.utils.text import format_lazy

from photos.checks import ACCEPT_ATTRIBUTE, MESSAGES, limits_help_text
from photos.processing import prepare


class PhotoUploadField(forms.FileField):
    """Form field that refuses, with a French message, any upload `prepare()` refuses."""

    default_error_messages = {"empty": MESSAGES["empty"]}

    def __init__(self, *, max_length=None, allow_empty_file=False, **kwargs):
        # The stored name is generated, so the uploader's file name may have any length.
        super().__init__(allow_empty_file=False, **kwargs)
        self.widget.attrs.setdefault("accept", ACCEPT_ATTRIBUTE)

    def to_python(self, data):
        upload = super().to_python(data)
        if upload is not None:
            prepare(upload)
        return upload


class PhotoFileField(models.FileField):
    """A file field whose uploads go through `prepare()` instead of Django's ImageField checks.

    Django's ImageField trusts the extension, accepts TIFF, has no size or pixel limit and only
    refuses decompression bombs far above Pillow's limit.
    """

    def formfield(self, **kwargs):
        help_text = format_lazy("{} {}", limits_help_text(), self.help_text)
        return super().formfield(
            **{"form_class": PhotoUploadField, "help_text": help_text, **kwargs}
        )
