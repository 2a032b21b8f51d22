"""Uploaded images as editors and visitors meet them: hostile files refused with a message and
nothing left on disk, EXIF applied then removed, a choice kept across a form error, renditions
on the public pages, and no file outliving its image."""

import io
import os
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pytest_django.asserts import assertContains, assertNotContains

from guide.models import Person, Report, ReportImage, Session
from tests.factories import PersonFactory, ReportFactory, SessionFactory
from tests.test_admin import admin_url, form_data, open_form


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PENDING_UPLOADS_ROOT = tmp_path / "pending"
    # Renditions are recorded in the cache by file name; each test has its own files.
    cache.clear()
    return tmp_path


def files_under(root):
    if not root.exists():
        return []
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def media_files(media):
    return files_under(media / "media")


def pending_files(media):
    return files_under(media / "pending")


def image_bytes(size=(40, 20), image_format="JPEG", mode="RGB", **options):
    buffer = io.BytesIO()
    Image.new(mode, size, "#c8102e" if mode == "RGB" else 1).save(
        buffer, format=image_format, **options
    )
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def exif_with(orientation=None, gps=False):
    exif = Image.Exif()
    exif[0x010F] = "Test camera maker"
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (39.0, 54.0, 27.0), 3: "E", 4: (116.0, 23.0, 17.0)}
    return exif


def person_form(client, person, **changes):
    url, data = open_form(client, Person, person.pk)
    data.update(changes)
    return url, data


def post_person(client, person, **changes):
    url, data = person_form(client, person, **changes)
    return client.post(url, data, follow=True)


DESCRIBED = {"photo_alt_en": "A portrait", "photo_alt_zh_hans": "肖像"}


# Hostile files --------------------------------------------------------------------------------


def many_pixels_png(width, height):
    buffer = io.BytesIO()
    Image.new("1", (width, height)).save(buffer, format="PNG")
    return buffer.getvalue()


HOSTILE = {
    "too many pixels": (
        lambda: upload(many_pixels_png(8000, 6000), "wide.png", "image/png"),
        "The image has more than 40 million pixels; make it smaller.",
    ),
    "a decompression bomb": (
        lambda: upload(many_pixels_png(13000, 13000), "bomb.png", "image/png"),
        "The image has more than 40 million pixels; make it smaller.",
    ),
    "too many bytes": (
        lambda: upload(noise_png(), "large.png", "image/png"),
        "at most 10 MB is accepted.",
    ),
    "a GIF": (
        lambda: upload(image_bytes(image_format="GIF", mode="P"), "photo.gif", "image/gif"),
        "Only JPEG, PNG and WebP images are accepted; this file is a GIF image.",
    ),
    "a GIF renamed .jpg": (
        lambda: upload(image_bytes(image_format="GIF", mode="P"), "photo.jpg"),
        "Only JPEG, PNG and WebP images are accepted; this file is a GIF image.",
    ),
    "text renamed .jpg": (
        lambda: upload(b"<html><script>alert(1)</script></html>", "photo.jpg"),
        "This file is not an image. Choose a JPEG, PNG or WebP image.",
    ),
    "a truncated JPEG": (
        lambda: upload(noise_jpeg()[:3000], "cut.jpg"),
        "The image file is damaged or incomplete; export it again.",
    ),
    "a truncated PNG": (
        lambda: upload(image_bytes((300, 300), "PNG")[:-40], "cut.png", "image/png"),
        "The image file is damaged or incomplete; export it again.",
    ),
}


def noise_png():
    """A real PNG of 11 MB: noise does not compress."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (1950, 1950), os.urandom(1950 * 1950 * 3)).save(
        buffer, format="PNG", compress_level=0
    )
    return buffer.getvalue()


def noise_jpeg():
    buffer = io.BytesIO()
    Image.frombytes("RGB", (200, 200), os.urandom(200 * 200 * 3)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize("kind", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_image_is_a_form_error_and_leaves_nothing(editor_client, media, kind):
    make, message = HOSTILE[kind]
    person = PersonFactory()

    response = post_person(editor_client, person, photo=make(), **DESCRIBED)

    assert response.status_code == 200
    assertContains(response, message)
    assertNotContains(response, "was changed successfully")
    person.refresh_from_db()
    assert not person.photo
    assert media_files(media) == []
    assert pending_files(media) == []


def test_a_hostile_image_is_refused_in_chinese(editor_client, media):
    person = PersonFactory()
    url, data = person_form(editor_client, person, **DESCRIBED)
    data["photo"] = upload(image_bytes(image_format="GIF", mode="P"), "photo.jpg")

    response = editor_client.post(url, data, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assertContains(response, "只接受JPEG、PNG和WebP图片；此文件是GIF图片。")
    assert media_files(media) == []


def test_an_image_is_judged_by_its_content_not_its_name(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()

    with django_capture_on_commit_callbacks(execute=True):
        response = post_person(
            editor_client,
            person,
            photo=upload(image_bytes(image_format="PNG"), "photo.jpg"),
            **DESCRIBED,
        )

    assertContains(response, "was changed successfully")
    person.refresh_from_db()
    assert person.photo.name.endswith(".png")
    assert Image.open(person.photo.path).format == "PNG"


# EXIF ---------------------------------------------------------------------------------------


def test_exif_orientation_is_applied_and_location_removed(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    # Stored 40 wide and 20 high, to be shown turned a quarter (orientation 6).
    content = image_bytes((40, 20), exif=exif_with(orientation=6, gps=True).tobytes())
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(0x8825)

    with django_capture_on_commit_callbacks(execute=True):
        response = post_person(editor_client, person, photo=upload(content), **DESCRIBED)

    assertContains(response, "was changed successfully")
    person.refresh_from_db()
    stored = Image.open(person.photo.path)
    assert stored.size == (20, 40)
    assert not stored.getexif()
    assert "exif" not in stored.info
    renditions = [name for name in media_files(media) if name.startswith("renditions/")]
    assert renditions
    for name in renditions:
        rendition = Image.open(media / "media" / name)
        assert not rendition.getexif(), name
        assert rendition.width < rendition.height, name


# A choice kept across a form error ------------------------------------------------------------


def test_a_chosen_photo_survives_an_error_elsewhere_on_the_page(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    url, data = person_form(editor_client, person, photo=upload(image_bytes()), **DESCRIBED)
    data["slug"] = "not a slug!"

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assertContains(response, "Chosen: photo.jpg")
    assert media_files(media) == []
    assert len(pending_files(media)) == 1

    # The browser sends the page again, without a file: the kept one is used.
    again = form_data(response, "person_form")
    assert again.get("photo-pending")
    again["slug"] = "a-proper-slug"
    with django_capture_on_commit_callbacks(execute=True):
        saved = editor_client.post(url, again, follow=True)

    assertContains(saved, "was changed successfully")
    person.refresh_from_db()
    assert person.photo.name == "people/photo.jpg"
    assert "people/photo.jpg" in media_files(media)
    assert pending_files(media) == []


def test_a_chosen_report_image_survives_an_error_in_its_row(
    editor_client, media, django_capture_on_commit_callbacks
):
    report = ReportFactory()
    url, data = open_form(editor_client, Report, report.pk)
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-image": upload(image_bytes(image_format="PNG"), "chart.png", "image/png"),
            "images-0-alt_text_en": "A chart",
            "images-0-order": "0",
        }
    )

    response = editor_client.post(url, data)

    assertContains(response, "Chosen: chart.png")
    assert not report.images.exists()
    again = form_data(response, "report_form")
    again["images-0-alt_text_zh_hans"] = "图表"
    with django_capture_on_commit_callbacks(execute=True):
        saved = editor_client.post(url, again, follow=True)

    assertContains(saved, "was changed successfully")
    image = report.images.get()
    assert (media / "media" / image.image.name).exists()
    assert pending_files(media) == []


def test_a_forged_pending_token_is_ignored(editor_client, media):
    person = PersonFactory()
    url, data = person_form(editor_client, person, **DESCRIBED)
    data["photo-pending"] = "../../../etc/passwd"

    response = editor_client.post(url, data, follow=True)

    assertContains(response, "was changed successfully")
    person.refresh_from_db()
    assert not person.photo


# No orphans -----------------------------------------------------------------------------------


def test_replacing_clearing_and_deleting_leave_no_orphan(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post_person(editor_client, person, photo=upload(image_bytes(), "first.jpg"), **DESCRIBED)
    first = media_files(media)
    assert "people/first.jpg" in first
    assert len([name for name in first if name.startswith("renditions/")]) >= 3

    with django_capture_on_commit_callbacks(execute=True):
        post_person(
            editor_client, person, photo=upload(image_bytes((60, 30)), "second.jpg"), **DESCRIBED
        )
    second = media_files(media)
    assert "people/second.jpg" in second
    assert not set(first) & set(second)

    with django_capture_on_commit_callbacks(execute=True):
        post_person(editor_client, person, **{"photo-clear": "on"})
    assert media_files(media) == []

    with django_capture_on_commit_callbacks(execute=True):
        post_person(editor_client, person, photo=upload(image_bytes(), "third.jpg"), **DESCRIBED)
    assert media_files(media)
    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(admin_url(Person, "delete", person.pk), {"post": "yes"})
    assert not Person.objects.filter(pk=person.pk).exists()
    assert media_files(media) == []


def test_deleting_a_report_image_in_its_report_leaves_no_orphan(
    editor_client, media, django_capture_on_commit_callbacks
):
    report = ReportFactory()
    with django_capture_on_commit_callbacks(execute=True):
        image = ReportImage.objects.create(
            report=report,
            image=upload(image_bytes(image_format="PNG"), "chart.png", "image/png"),
            alt_text_en="A chart",
            alt_text_zh_hans="图表",
        )
    assert media_files(media)
    url, data = open_form(editor_client, Report, report.pk)
    data["images-0-DELETE"] = "on"

    with django_capture_on_commit_callbacks(execute=True):
        editor_client.post(url, data, follow=True)

    assert not ReportImage.objects.filter(pk=image.pk).exists()
    assert media_files(media) == []


# What editors and visitors see -----------------------------------------------------------------


def test_the_admin_shows_a_thumbnail_never_the_original(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    with django_capture_on_commit_callbacks(execute=True):
        post_person(editor_client, person, photo=upload(image_bytes((900, 600))), **DESCRIBED)
    person.refresh_from_db()

    for url in (admin_url(Person, "change", person.pk), admin_url(Person, "changelist")):
        html = editor_client.get(url).content.decode()
        sources = re.findall(r'<img src="([^"]+)"[^>]*class="guide-thumbnail"', html)
        assert sources, url
        assert all(source.startswith("/media/renditions/") for source in sources), sources
        assert f'src="{person.photo.url}"' not in html


@pytest.mark.parametrize("page", ["person", "session", "report"])
def test_public_pages_serve_renditions_with_sizes(
    client, db, media, django_capture_on_commit_callbacks, page
):
    content = image_bytes((2000, 1000))
    with django_capture_on_commit_callbacks(execute=True):
        if page == "person":
            obj = PersonFactory(photo=upload(content), **DESCRIBED)
        elif page == "session":
            obj = SessionFactory(
                cover_image=upload(content),
                cover_image_alt_en="The hall",
                cover_image_alt_zh_hans="会场",
            )
        else:
            obj = ReportFactory()
            ReportImage.objects.create(
                report=obj, image=upload(content), alt_text_en="A chart", alt_text_zh_hans="图表"
            )
    cache.clear()  # the page reads what was recorded, not what this process remembers

    response = client.get(obj.get_absolute_url())

    html = response.content.decode()
    match = re.search(r"<picture>(.*?)</picture>", html, re.S)
    assert match, "no <picture> on the page"
    picture = match.group(1)
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)"', picture).group(1)
    assert [entry.split()[1] for entry in webp.split(", ")] == ["320w", "640w", "960w", "1280w"]
    img = re.search(r"<img[^>]*>", picture).group(0)
    assert 'width="640" height="320"' in img
    assert "srcset=" in img
    for url in re.findall(r"(/media/[^\s\"]+)", picture):
        assert (media / "media" / url.removeprefix("/media/")).exists(), url
    original = Image.open(io.BytesIO(content))
    assert original.size == (2000, 1000)
    assert "/media/people/" not in picture and "/media/sessions/" not in picture


def test_a_page_with_a_missing_image_file_still_loads(client, db, media):
    person = PersonFactory(**DESCRIBED)
    Person.objects.filter(pk=person.pk).update(photo="people/gone.jpg")

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    assertNotContains(response, "<picture>")


# Translators --------------------------------------------------------------------------------


def test_translators_cannot_upload_even_by_forged_post(translator_client, media, editor):
    person = PersonFactory(**DESCRIBED)
    url, data = open_form(translator_client, Person, person.pk)
    assert "photo" not in data
    data["photo"] = upload(image_bytes())

    response = translator_client.post(url, data, follow=True)

    assert response.status_code == 200
    person.refresh_from_db()
    assert not person.photo
    assert media_files(media) == []


def test_alt_text_is_required_in_both_languages(editor_client, media):
    session = Session.objects.filter(cover_image="").first()
    url, data = open_form(editor_client, Session, session.pk)
    data.update(cover_image=upload(image_bytes()), cover_image_alt_en="The hall")

    response = editor_client.post(url, data)

    assertContains(response, "A cover image needs a description in English and in Chinese.")
    session.refresh_from_db()
    assert not session.cover_image


def test_a_transparent_palette_png_stays_transparent(
    editor_client, media, django_capture_on_commit_callbacks
):
    person = PersonFactory()
    buffer = io.BytesIO()
    Image.new("P", (30, 30), 0).save(buffer, format="PNG", transparency=0)

    with django_capture_on_commit_callbacks(execute=True):
        post_person(
            editor_client,
            person,
            photo=upload(buffer.getvalue(), "logo.png", "image/png"),
            **DESCRIBED,
        )

    person.refresh_from_db()
    stored = Image.open(person.photo.path)
    assert stored.info.get("transparency") == 0
