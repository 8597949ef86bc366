"""Long Danish words in headings break with a hyphen on a phone (soft hyphens
from pyphen's da_DK dictionary, common/orddeling.py), and only for display."""

import pytest

from common.orddeling import SOFT_HYPHEN, soft_hyphens

NARROW = {"width": 320, "height": 640}


def test_long_words_get_soft_hyphens_and_short_ones_none():
    text = "Ungdomskriminalitetsnævnet og Korskærparken i Vejle"
    hyphenated = soft_hyphens(text)
    assert hyphenated.replace(SOFT_HYPHEN, "") == text
    words = hyphenated.split(" ")
    assert words[0].count(SOFT_HYPHEN) >= 3 and SOFT_HYPHEN in words[2]
    assert words[1] == "og" and words[4] == "Vejle"
    # Never a lone letter or two before or after a break.
    parts = [w.split(SOFT_HYPHEN) for w in words if SOFT_HYPHEN in w]
    assert parts and all(len(p[0]) >= 3 and len(p[-1]) >= 3 for p in parts)


@pytest.mark.django_db
def test_only_the_visible_heading_is_hyphenated(client, plan2020):
    content = client.get("/2020/afsnit/4.2/").content.decode()
    title = content.split("<title>")[1].split("</title>")[0]
    heading = content.split("<h1>")[1].split("</h1>")[0]
    assert "Ungdomskriminalitetsnævnet" in title
    assert SOFT_HYPHEN in heading
    assert "Ungdomskriminalitetsnævnet" in heading.replace(SOFT_HYPHEN, "")
    # The search reads the database, not the page: the word is found whole.
    assert "Ungdomskriminalitetsnævnet" in client.get(
        "/2020/soeg/?q=ungdomskriminalitetsnævnet"
    ).content.decode().replace(SOFT_HYPHEN, "")


# A line that ends inside a word, without a hyphen: the characters just before
# the first letter of a new line are letters. (Chromium may place the first
# letter after a soft hyphen on the line above, so two characters are looked at.)
MID_WORD_BREAKS = """() => {
  const bad = new Set();
  const range = document.createRange();
  for (const el of document.querySelectorAll('main h1, main h2, main h3, main th, main li a')) {
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    let top = null, seen = '  ';
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) {
        const c = node.data[i];
        if (c !== '\\u00ad' && !/\\s/.test(c)) {
          range.setStart(node, i); range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (rect && top !== null && rect.top > top + 2 && /^\\p{L}{3}$/u.test(seen.slice(-2) + c))
            bad.add(el.textContent.replace(/\\u00ad/g, '').trim().slice(0, 60));
          if (rect) top = rect.top;
        }
        seen += c;
      }
    }
  }
  return [...bad];
}"""


@pytest.mark.django_db(transaction=True)
@pytest.mark.one_database
def test_no_heading_breaks_mid_word_without_a_hyphen_at_320_px(live_server, plan2020, new_page):
    page = new_page(NARROW)
    broken = {}
    for url in ["/2020/afsnit/4.2/", "/2020/afsnit/2/", "/2020/boligomraader/"]:
        page.goto(live_server.url + url)
        broken[url] = page.evaluate(MID_WORD_BREAKS)
    assert broken == {url: [] for url in broken}
