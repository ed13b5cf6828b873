"""An editor logs in, adds a place with its commune and a photo, publishes it, and the public
finds it on /lieux/ with its search box: the admin's JavaScript (autocomplete, slug, inline
rows) and the public pages, as a person uses them."""

import re

import pytest
from playwright.sync_api import expect

from places.models import Place
from tests import images
from tests.browser.admin_steps import (
    field,
    log_in_through_the_form,
    pick_in_autocomplete,
    publish_from_the_list,
)
from tests.browser.helpers import open_page

pytestmark = pytest.mark.browser

NAME = "La Ruche de Carpiquet"


def test_editor_adds_and_publishes_a_place_the_public_then_finds(
    new_context, site, staff, broken_assets
):
    admin = new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in_through_the_form(admin, staff.username)

    admin.get_by_role("link", name="Lieux", exact=True).first.click()
    # The « Ajouter » of the places' own row: other models of the app (labels…) have theirs.
    admin.get_by_role("row").filter(
        has=admin.get_by_role("rowheader", name="Lieux", exact=True)
    ).get_by_role("link", name="Ajouter").first.click()
    expect(admin).to_have_url(re.compile(r"/admin/places/place/add/$"))
    admin.get_by_label(field("Nom")).press_sequentially(NAME)  # keyup fills the slug
    # Django's prepopulate.js fills the slug from the name.
    expect(admin.get_by_label(field("Identifiant d'adresse"))).to_have_value(
        "la-ruche-de-carpiquet"
    )
    admin.get_by_label(field("Résumé")).fill("Atelier partagé et coworking près de l'aéroport.")
    pick_in_autocomplete(admin, "commune", "Carpiq", "Carpiquet")

    admin.get_by_role("button", name=re.compile("Ajouter un objet Photo")).click()
    admin.locator("#id_photos-0-image").set_input_files(
        {"name": "ruche.jpg", "mimeType": "image/jpeg", "buffer": images.jpeg(1200, 800)}
    )
    admin.locator("#id_photos-0-alt_text").fill("La grande salle de la Ruche, établis alignés")
    admin.locator("#id_photos-0-caption").fill("L'atelier au premier étage.")
    admin.locator("#id_photos-0-credit").fill("Photo : Camille Martin")
    # What publishing will need (content.editorial): a source, and the photo's rights status.
    admin.locator("#id_sources + .select2 .select2-selection").click()
    admin.locator(".select2-container--open .select2-search__field").fill("Carpiquet")
    admin.locator(".select2-results__option", has_text="Le 1er ministre a visité").first.click()
    admin.locator("#id_photos-0-licence").select_option("cc-by-4.0")
    admin.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(admin.locator(".messagelist .success")).to_contain_text(NAME)
    place = Place.objects.get(name=NAME)
    assert (place.commune_name, place.commune_code, place.department.code) == (
        "Carpiquet",
        "14137",
        "14",
    )
    assert not place.is_published()
    photo = place.photos.get()
    assert photo.image and photo.width == 1200
    assert (photo.alt_text, photo.credit) == (
        "La grande salle de la Ruche, établis alignés",
        "Photo : Camille Martin",
    )

    # A draft stays out of sight until the editor publishes it from the list.
    public = new_context(viewport={"width": 1280, "height": 900}).new_page()
    open_page(public, "/lieux/la-ruche-de-carpiquet/", broken_assets, status=404)
    publish_from_the_list(admin, NAME)
    place.refresh_from_db()
    assert place.is_published()

    open_page(public, "/lieux/", broken_assets)
    search = public.get_by_role("searchbox", name="Rechercher")
    search.fill("ruche carpiquet")
    search.press("Enter")
    expect(public).to_have_url(re.compile(r"[?&]q=ruche\+carpiquet"))
    results = public.get_by_role("link", name=NAME)
    expect(results).to_have_count(1)
    results.click()

    expect(public).to_have_url(re.compile(r"/lieux/la-ruche-de-carpiquet/$"))
    expect(public.get_by_role("heading", level=1)).to_have_text(NAME)
    picture = public.get_by_role("img", name="La grande salle de la Ruche, établis alignés")
    expect(picture).to_be_visible()
    assert picture.evaluate("image => image.complete && image.naturalWidth > 0")
    figure = public.locator("figure", has=picture)
    expect(figure).to_contain_text("L'atelier au premier étage.")
    expect(figure).to_contain_text("Photo : Camille Martin")
