"""At 320 px wide (a small phone, and WCAG 1.4.10 Reflow's width), no public page scrolls
sideways: the document is no wider than the window."""

import pytest

from tests.browser.helpers import PUBLIC_PAGES, horizontal_overflow, open_page

pytestmark = pytest.mark.browser

# Pages that still overflow, each with what sticks out; the responsive work removes them.
STILL_OVERFLOWING = {}


OVERFLOW_PARAMS = [
    pytest.param(
        path,
        status,
        id=name,
        marks=[pytest.mark.xfail(reason=STILL_OVERFLOWING[name], strict=True)]
        if name in STILL_OVERFLOWING
        else [],
    )
    for name, path, status in PUBLIC_PAGES
]


@pytest.mark.parametrize(("path", "status"), OVERFLOW_PARAMS)
def test_public_page_fits_320_pixels(new_context, broken_assets, site, path, status):
    # Not `is_mobile`: a mobile viewport zooms out to fit a page too wide, and hides it.
    page = new_context(viewport={"width": 320, "height": 640}).new_page()
    open_page(page, path, broken_assets, status=status)
    problem = horizontal_overflow(page)
    assert problem is None, problem
