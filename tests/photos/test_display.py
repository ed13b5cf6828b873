"""Public pages: every photo a <figure> with a responsive <picture> and a visible credit."""

import re

import pytest
from django.core.files.storage import Storage
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from tests import factories, images

pytestmark = pytest.mark.django_db


def with_file(place, size=(2000, 1500), **overrides):
    values = {"alt_text": "Des bureaux partagés sous une verrière", "caption": "Le WIP"}
    values.update(overrides)
    return factories.place_photo(place, image=images.upload(images.jpeg(*size)), **values)


def figures(html):
    return re.findall(r'<figure class="photo">.*?</figure>', html, re.DOTALL)


def test_detail_page_renders_pictures_with_both_formats_sizes_and_credit(client):
    place = factories.place()
    first = with_file(place, licence="cc-by-4.0", source_url="https://example.org/article")
    second = with_file(place, size=(640, 480), caption="La verrière", rights_holder="Ville")
    factories.place_photo(place, caption="Photo promise par la mairie")
    html = client.get(place.get_absolute_url()).content.decode()
    shown = figures(html)
    assert len(shown) == 3

    for photo, figure in zip([first, second], shown, strict=False):
        assert "<picture>" in figure
        webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="[^"]+">', figure)
        # Attributes may be laid out on several lines: only their order and values count.
        img = re.search(r'<img src="([^"]+)"\s+srcset="([^"]+)" sizes="[^"]+"', figure)
        assert webp and img
        expected = {r["width"] for r in photo.renditions}
        assert {int(w) for w in re.findall(r"\.webp (\d+)w", webp.group(1))} == expected
        assert {int(w) for w in re.findall(r"\.jpg (\d+)w", img.group(2))} == expected
        assert f'width="{photo.width}" height="{photo.height}"' in figure
        assert f'alt="{photo.alt_text}"' in figure
        assert f"<figcaption>{photo.caption} " in figure
        assert photo.credit_line in figure
    assert (first.width, second.width) == (2000, 640)
    # Renditions are used, never the heavy master.
    assert first.image.url not in html
    assert "© Radio France - Elodie Touchais</a>" in shown[0]
    assert 'href="https://example.org/article"' in shown[0]
    assert "Licence : " in shown[0] and "CC BY 4.0" in shown[0]
    assert "© Ville - Elodie Touchais" in shown[1]
    # Only the first photo of the page is loaded at once.
    assert 'loading="lazy"' not in shown[0]
    assert 'loading="lazy"' in shown[1]
    # A photo without a file keeps its captioned placeholder and credit.
    assert "photo__placeholder" in shown[2] and "<picture>" not in shown[2]
    assert "Photo promise par la mairie" in shown[2]
    assert "© Radio France - Elodie Touchais" in shown[2]


def test_decorative_photo_has_an_empty_alt(client):
    place = factories.place()
    factories.place_photo(
        place, image=images.upload(images.jpeg()), is_decorative=True, caption="Motif"
    )
    response = client.get(place.get_absolute_url())
    assertContains(response, 'alt=""')


def test_list_shows_one_thumbnail_per_place_with_its_credit(client):
    with_place = factories.place(name="Avec photos")
    with_file(with_place, size=(800, 600), order=2, caption="Seconde")
    with_file(with_place, size=(900, 600), order=1, caption="Première")
    placeholder_only = factories.place(name="Sans photo")
    factories.place_photo(placeholder_only, caption="Légende seule")
    response = client.get(reverse("places:list"))
    html = response.content.decode()
    shown = figures(html)
    assert len(shown) == 1
    assert "<picture>" in shown[0] and "Première" in shown[0]
    assert 'width="900" height="600"' in shown[0]
    assert "© Radio France - Elodie Touchais" in shown[0]
    assert 'loading="lazy"' not in shown[0]
    assertNotContains(response, "Légende seule")


def test_only_the_first_thumbnail_of_the_list_is_not_lazy(client):
    for number in range(3):
        place = factories.place(name=f"Lieu {number}")
        with_file(place, size=(64, 48))
    shown = figures(client.get(reverse("places:list")).content.decode())
    assert ['loading="lazy"' in figure for figure in shown] == [False, True, True]


def test_pages_never_ask_the_storage_anything(client, monkeypatch):
    place = factories.place()
    with_file(place)
    with_file(place, size=(300, 200))

    def forbidden(self, *args, **kwargs):
        raise AssertionError("a page asked the storage while being served")

    for method in ("exists", "open", "size", "listdir", "save", "get_modified_time"):
        monkeypatch.setattr(Storage, method, forbidden)
        for subclass in Storage.__subclasses__():
            if method in vars(subclass):
                monkeypatch.setattr(subclass, method, forbidden)
    assert client.get(place.get_absolute_url()).status_code == 200
    assert client.get(reverse("places:list")).status_code == 200
