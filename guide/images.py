"""Uploaded images: what is accepted, how it is cleaned, kept across a form error, and rendered.

Accepted: JPEG, PNG and WebP, judged by their content (never the file name), within
``IMAGE_MAX_BYTES`` and ``IMAGE_MAX_PIXELS``; anything else is a form error in the editor's
language. An accepted image is decoded in full (a truncated file is refused), turned upright
by its EXIF orientation and encoded again without its metadata, so no location or camera data
reaches the site.

A chosen image survives a form error elsewhere on the page: the widget keeps the cleaned file
under ``PENDING_UPLOADS_ROOT`` and sends a signed token with the form, and the next submission
uses that file when no other is chosen.

Renditions (WebP at responsive widths, the original's format as a fallback, the admin's
thumbnail) are made with sorl-thumbnail when an image is saved (guide/models/images.py), and
``picture()`` gives a template their URLs and sizes.
"""

import datetime
import logging
import os
import uuid
import warnings
from io import BytesIO
from typing import NamedTuple

from django import forms
from django.conf import settings
from django.contrib.admin.widgets import AdminFileWidget
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

FORMATS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp"}
KEPT_INFO = ("icc_profile", "transparency")
CONTENT_TYPES = "image/jpeg,image/png,image/webp"
WIDTHS = (320, 640, 960, 1280)
THUMBNAIL = "160x128"
PENDING_SALT = "guide.pending-image"
PENDING_MAX_AGE = 24 * 60 * 60


# Checking and cleaning ----------------------------------------------------------------------


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".rstrip("0").rstrip(".")


def clean_image(upload):
    """The upload as a clean image file (``ContentFile``), or ValidationError saying why not."""
    max_bytes = settings.IMAGE_MAX_BYTES
    max_pixels = settings.IMAGE_MAX_PIXELS
    if upload.size > max_bytes:
        raise ValidationError(
            _("The image is %(size)s MB; at most %(limit)s MB is accepted."),
            code="too_large",
            params={"size": megabytes(upload.size), "limit": megabytes(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    too_many_pixels = ValidationError(
        _("The image has more than %(limit)s million pixels; make it smaller."),
        code="too_many_pixels",
        params={"limit": f"{max_pixels / 1_000_000:g}"},
    )
    not_an_image = ValidationError(
        _("This file is not an image. Choose a JPEG, PNG or WebP image."), code="not_an_image"
    )
    with warnings.catch_warnings():
        # Pillow warns, then fails, well above our limit; both mean the same here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(BytesIO(data))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise not_an_image from None
        if image.format not in FORMATS:
            raise ValidationError(
                _("Only JPEG, PNG and WebP images are accepted; this file is a %(format)s image."),
                code="wrong_format",
                params={"format": image.format},
            )
        width, height = image.size
        if width * height > max_pixels:
            raise too_many_pixels
        try:
            image.verify()
            image = Image.open(BytesIO(data))
            image.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except Exception:  # Pillow reports damage with many kinds of error
            raise ValidationError(
                _("The image file is damaged or incomplete; export it again."), code="damaged"
            ) from None
    return ContentFile(encode_clean(image), name=clean_name(upload.name, image.format))


def encode_clean(image):
    """The image upright, encoded again in its own format with nothing but its colour profile
    and transparency: no EXIF (location, camera, time), no XMP, no comments."""
    image_format = image.format
    kept = {
        name: image.info[name] for name in ("icc_profile", "transparency") if name in image.info
    }
    upright = ImageOps.exif_transpose(image)
    upright.info = {}
    options = dict(kept)
    if image_format == "JPEG":
        options.pop("transparency", None)
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    output = BytesIO()
    upright.save(output, format=image_format, **options)
    return output.getvalue()


def clean_name(name, image_format):
    stem = os.path.splitext(os.path.basename(name or ""))[0] or "image"
    return f"{stem[:80]}{FORMATS[image_format]}"


# Keeping a chosen image across a form error -------------------------------------------------


def pending_storage():
    return FileSystemStorage(location=settings.PENDING_UPLOADS_ROOT)


class PendingUpload(File):
    """A cleaned image kept from an earlier submission of the same form."""

    def __init__(self, stored_name, name, token):
        self.stored_name = stored_name
        self.token = token
        super().__init__(pending_storage().open(stored_name, "rb"), name=name)

    def discard(self):
        self.close()
        pending_storage().delete(self.stored_name)

    @staticmethod
    def keep(content):
        """Store cleaned content; the token that finds it again."""
        storage = pending_storage()
        remove_stale_pending(storage)
        stored_name = storage.save(
            f"{uuid.uuid4().hex}{os.path.splitext(content.name)[1]}", content
        )
        token = signing.dumps({"stored": stored_name, "name": content.name}, salt=PENDING_SALT)
        return token

    @classmethod
    def from_token(cls, token):
        try:
            data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
            stored_name, name = data["stored"], data["name"]
        except (signing.BadSignature, KeyError, TypeError):
            return None
        if not pending_storage().exists(stored_name):
            return None
        return cls(stored_name, name, token)


def remove_stale_pending(storage):
    """Files kept for a form that was never submitted again."""
    try:
        _dirs, files = storage.listdir("")
    except FileNotFoundError:
        return
    cutoff = timezone.now() - datetime.timedelta(seconds=PENDING_MAX_AGE)
    for name in files:
        try:
            if storage.get_modified_time(name) < cutoff:
                storage.delete(name)
        except FileNotFoundError:
            continue


class ImageWidget(AdminFileWidget):
    """The admin's file input, plus the image chosen in an earlier submission, if any."""

    # Widgets render with the form renderer, which reads app templates only.
    template_name = "guide/widgets/image.html"

    def pending_name(self, name):
        return f"{name}-pending"

    def value_from_datadict(self, data, files, name):
        upload = super().value_from_datadict(data, files, name)
        if upload is None and data.get(self.pending_name(name)):
            return PendingUpload.from_token(data[self.pending_name(name)])
        return upload

    def value_omitted_from_data(self, data, files, name):
        return super().value_omitted_from_data(data, files, name) and not data.get(
            self.pending_name(name)
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        pending = None
        if isinstance(value, PendingUpload):
            pending = {"token": value.token, "name": value.name}
        elif isinstance(value, UploadedFile) and getattr(value, "guide_clean", None):
            if not getattr(value, "guide_token", None):
                value.guide_token = PendingUpload.keep(value.guide_clean)
            pending = {"token": value.guide_token, "name": value.guide_clean.name}
        context["widget"]["pending"] = pending
        context["widget"]["pending_name"] = self.pending_name(name)
        return context


class ImageFormField(forms.ImageField):
    default_error_messages = {
        "invalid_image": _("This file is not an image. Choose a JPEG, PNG or WebP image."),
    }

    def __init__(self, **kwargs):
        kwargs["widget"] = ImageWidget
        super().__init__(**kwargs)

    def to_python(self, data):
        if isinstance(data, PendingUpload):
            return data
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_image(upload)

    def bound_data(self, data, initial):
        """A chosen image to show again (kept) when the page has an error elsewhere."""
        if isinstance(data, PendingUpload) or getattr(data, "guide_clean", None):
            return data
        return super().bound_data(data, initial)

    def clean(self, data, initial=None):
        cleaned = super().clean(data, initial)
        if isinstance(data, UploadedFile) and isinstance(cleaned, ContentFile):
            # Kept by the widget if the page is shown again with another field's error.
            data.guide_clean = cleaned
        return cleaned

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs["accept"] = CONTENT_TYPES
        return attrs


# Renditions ---------------------------------------------------------------------------------


class Rendition(NamedTuple):
    url: str
    width: int
    height: int


def rendition(image, geometry, **options):
    from sorl.thumbnail import default, get_thumbnail

    made = get_thumbnail(image, geometry, upscale=False, **options)
    if not made.exists():
        # Recorded but gone from the disk (restored from a backup, say): make it again.
        default.kvstore.delete(made, delete_thumbnails=False)
        made = get_thumbnail(image, geometry, upscale=False, **options)
        if not made.exists():
            raise FileNotFoundError(made.name)
    return Rendition(made.url, made.width, made.height)


def showable(image):
    """An image stored on the site: not empty, not an upload the form has not saved yet."""
    return bool(image) and getattr(image, "_committed", True)


def fallback_format(image):
    return "PNG" if image.name.lower().endswith(".png") else "JPEG"


def make_renditions(image):
    """Every rendition the site shows of ``image``, made now so no visitor waits for one."""
    picture(image)
    admin_thumbnail(image)


def picture(image):
    """The renditions of ``image`` for a ``<picture>``: WebP and the original's format at
    responsive widths, each with its width and height; None when there is no image to show."""
    if not showable(image):
        return None
    try:
        largest = rendition(image, str(WIDTHS[-1]), format="WEBP")
        widths = [width for width in WIDTHS if width < largest.width] + [largest.width]
        webp = [rendition(image, str(width), format="WEBP") for width in widths]
        fallback_kind = fallback_format(image)
        fallback = [rendition(image, str(width), format=fallback_kind) for width in widths]
    except Exception:  # a missing or unreadable original must not break a page
        logger.exception("No renditions for %s", image.name)
        return None
    middle = fallback[min(len(fallback) - 1, 1)]
    return {
        "webp": [(item.url, item.width) for item in webp],
        "fallback": [(item.url, item.width) for item in fallback],
        "src": middle.url,
        "width": middle.width,
        "height": middle.height,
    }


def admin_thumbnail(image):
    if not showable(image):
        return None
    try:
        return rendition(image, THUMBNAIL, format="WEBP")
    except Exception:
        logger.exception("No thumbnail for %s", image.name)
        return None


def delete_with_renditions(storage, name):
    """Remove an original and every rendition made of it."""
    from sorl.thumbnail import delete
    from sorl.thumbnail.images import ImageFile

    delete(ImageFile(name, storage))
