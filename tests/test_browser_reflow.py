"""In Chromium: the public pages reflow at 320 px (WCAG 1.4.10), the filter's
selects show their values whole at 390 px, the focus ring stands out 3:1 against
what is around it (WCAG 2.4.11), and a keyboard user gets past the filters in one step."""

import re

import pytest

from indsatser.models import Indsats
from tests.fixtures import PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]

NARROW = {"width": 320, "height": 640}

# Every page type; with every section, municipality and initiative of the 2020 plan
# added below, since the long words sit in their titles.
PAGE_TYPES = [
    "/",
    "/2020/",
    "/2020/indsatser/",
    "/2020/indsatser/?kommune=kolding&q=indbrud",
    "/2020/indsatser/?q=zyxwvu",
    "/2020/indsatser/?kommune=oslo",  # 400, the form with its error
    "/2020/boligomraader/",
    "/tilgaengelighed/",
    "/2020/afsnit/9/",  # 404
]


def test_no_page_scrolls_sideways_at_320_px(live_server, plan2020, new_page):
    urls = PAGE_TYPES + [a.get_absolute_url() for a in plan2020.afsnit.all()]
    urls += [f"/2020/kommuner/{k.slug}/" for k in plan2020.kommuner.all()]
    urls += [i.get_absolute_url() for i in Indsats.objects.filter(plan=plan2020)]
    page = new_page(NARROW)
    too_wide = {}
    for url in urls:
        page.goto(live_server.url + url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > NARROW["width"]:
            too_wide[url] = width
    assert len(urls) > 70
    assert not too_wide, too_wide


# The width a select needs for its chosen option: the text, its padding and the arrow.
SELECT_ROOM = """select => {
    const style = getComputedStyle(select);
    const context = document.createElement("canvas").getContext("2d");
    context.font = style.font;
    const text = context.measureText(select.options[select.selectedIndex].text).width;
    const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
    return {text: select.options[select.selectedIndex].text,
            spare: select.clientWidth - padding - text};
}"""


@pytest.mark.parametrize("viewport", [NARROW, PHONE], ids=["320", "390"])
def test_the_filter_selects_show_their_values_whole(live_server, plan2020, new_page, viewport):
    page = new_page(viewport)
    page.goto(live_server.url + "/2020/indsatser/")
    selects = page.locator("form.filter select")
    assert selects.count() == 6  # kommune, art, afsnit, ansvarlig, prioritet, status
    for index in range(selects.count()):
        room = selects.nth(index).evaluate(SELECT_ROOM)
        # Chromium draws its arrow in about 20 px to the right of the text.
        assert room["spare"] >= 20, room


# The outline's colour against the background just outside it, at the focused
# element's left middle: what a reader sees around the ring.
FOCUS_RING = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const reach = parseFloat(style.outlineOffset) + parseFloat(style.outlineWidth) + 2;
    const x = Math.max(0, rect.left - reach), y = rect.top + rect.height / 2;
    let around = document.elementsFromPoint(x, y).find(e => e !== element && !element.contains(e));
    let background = "rgb(255, 255, 255)";
    for (; around; around = around.parentElement) {
        const colour = getComputedStyle(around).backgroundColor;
        if (colour !== "rgba(0, 0, 0, 0)") { background = colour; break; }
    }
    return {element: element.outerHTML.slice(0, 80), x, y, style: style.outlineStyle,
            width: parseFloat(style.outlineWidth), colour: style.outlineColor, background};
}"""


def luminance(rgb):
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_sums_as_wcag_says():
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(200, 164, 0)", "rgb(255, 255, 255)"), 1) == 2.4  # the old ring


@pytest.mark.parametrize("url", ["/2020/kommuner/kolding/", "/2020/indsatser/?kommune=oslo"])
def test_the_focus_ring_stands_out_three_to_one(live_server, plan2020, new_page, url):
    page = new_page()
    page.goto(live_server.url + url)
    seen, weak = set(), []
    for _ in range(40):  # header, breadcrumbs, links in the text, form fields, footer
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last link
        ring = page.evaluate(FOCUS_RING)
        assert ring["style"] != "none" and ring["width"] >= 2, ring
        seen.add(ring["background"])
        if contrast(ring["colour"], ring["background"]) < 3:
            weak.append(ring)
    assert len(seen) >= 2  # the ring was measured on more than one background
    assert not weak, weak


def test_a_keyboard_user_reaches_the_results_past_the_filters(live_server, plan2020, new_page):
    page = new_page()
    page.goto(live_server.url + "/2020/indsatser/")
    page.get_by_label("Kommune").select_option("kolding")
    page.get_by_label("Søg i titel og tekst").fill("indbrud")
    with page.expect_navigation():
        page.get_by_label("Søg i titel og tekst").press("Enter")
    page.wait_for_load_state("load")
    assert page.url.endswith("#resultater")
    # The filtered page opens at its results: one Tab reaches the first of them.
    page.keyboard.press("Tab")
    first = page.locator(".resultater .indsats-titel a").first
    assert first.evaluate("element => element === document.activeElement")

    # From the top of a page: the link past the form, within the first few Tabs
    # (skip link, site name, four navigation links, search field and button, crumbs).
    page.goto(live_server.url + "/2020/indsatser/?kommune=kolding")
    for _ in range(11):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent").startswith("Gå til resultaterne"):
            break
    else:
        pytest.fail("eleven Tabs did not reach the link to the results")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert first.evaluate("element => element === document.activeElement")
