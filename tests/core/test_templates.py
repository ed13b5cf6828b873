"""Every public page of the demo content renders whole, as a visitor and as staff.

Jinja2 does not call methods by itself: a method written without parentheses prints its Python
representation, or is always true in a test. These pages between them use every public template.
"""

import os
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import set_script_prefix

from content.models import Status
from pagecache import versions
from places.models import Place

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/lieux/",
    "/lieux/?q=atelier&tri=nom",
    "/lieux/?commune=nulle-part",
    "/lieux/l-atelier-normand/",
    "/lieux/le-wip/",
    "/carte/",
    "/financements/",
    "/financements/enveloppe-130-millions-tiers-lieux-2021/",
    "/chiffres/",
    "/visites/",
    "/visites/premier-ministre-tiers-lieux-caen-2021-08/",
    "/accessibilite/",
    "/mentions-legales/",
    "/contact/",
    "/donnees/",
    "/api/v1/docs/",
    "/lieux/ce-lieu-n-existe-pas/",
]
# What Python writes for an object a template printed instead of calling or reading it.
LEAKS = re.compile(r"bound method|<function |object at 0x|Undefined|QuerySet|RelatedManager")


@pytest.fixture
def demo():
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115


def rendered_badly(client):
    """{path: what is wrong} for every page; the demo is loaded once for all of them."""
    wrong = {}
    for path in PAGES:
        response = client.get(path)
        leaks = LEAKS.findall(response.content.decode())
        if response.status_code not in (200, 400, 404) or leaks:
            wrong[path] = (response.status_code, leaks)
    return wrong


def test_a_visitor_sees_each_page_whole(client, demo):
    assert rendered_badly(client) == {}


def test_staff_see_each_page_whole(editor_client, demo):
    assert rendered_badly(editor_client) == {}


def test_staff_see_a_draft_with_its_banner_and_visitors_do_not(editor_client, demo):
    place = Place.objects.get(slug="le-wip")
    Place.objects.filter(pk=place.pk).update(status=Status.DRAFT)
    versions.changed()  # update() sends no signal
    assert Client().get(place.get_absolute_url()).status_code == 404
    content = editor_client.get(place.get_absolute_url()).content.decode()
    assert "<strong>Brouillon</strong>" in content
    assert not LEAKS.findall(content)


def test_fixed_addresses_follow_the_script_prefix(client):
    # The header's addresses are reversed once per prefix: a site served under a sub-path
    # (SCRIPT_NAME, which Django's WSGI handler sets as the prefix; its test client does not)
    # must not be given the links of one served at the root, nor the reverse. Three pages, so
    # that none comes from the page cache.
    before = client.get("/accessibilite/").content.decode()
    set_script_prefix("/tiers-lieux/")
    try:
        under = client.get("/mentions-legales/").content.decode()
    finally:
        set_script_prefix("/")
    after = client.get("/contact/").content.decode()
    for at_root in (before, after):
        assert 'href="/lieux/"' in at_root and "/tiers-lieux/lieux/" not in at_root
    assert 'href="/tiers-lieux/lieux/"' in under and 'href="/lieux/"' not in under
