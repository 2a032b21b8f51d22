"""Pinyin that search can match with or without tone marks and spaces."""

import unicodedata

from django.db import models
from django.utils.translation import gettext_lazy as _


def plain_pinyin(text):
    """'Liǎnghuì' and 'liang hui' both become 'lianghui'."""
    decomposed = unicodedata.normalize("NFD", text or "")
    letters = (char for char in decomposed if not unicodedata.combining(char))
    return "".join(char for char in letters if char.isascii() and char.isalnum()).lower()


class PinyinSearchable(models.Model):
    """Keeps a plain copy of ``pinyin`` up to date, computed when the object is saved."""

    pinyin_plain = models.CharField(
        _("pinyin without tone marks"), max_length=200, blank=True, editable=False, db_index=True
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.pinyin_plain = plain_pinyin(self.pinyin)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "pinyin" in update_fields:
            kwargs["update_fields"] = {*update_fields, "pinyin_plain"}
        super().save(*args, **kwargs)
