"""On a phone and a desktop: the home page's links are big enough to tap (WCAG 2.2, 2.5.8 Target Size
(Minimum)), and a person who is unsure where to go reaches "Where to get help" (axe on every page)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.support import Journey

# Every visible link and button that is not inside a sentence must be at least 24 by 24 CSS pixels, or
# have room around it: a 24px circle on its centre touches no other target (the spacing exception).
SMALL_TARGETS_JS = """
() => {
  const visible = el => {
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && r.bottom > 0 && r.right > 0
      && r.left < document.documentElement.scrollWidth;
  };
  const inSentence = el => getComputedStyle(el).display === 'inline'
    && el.parentElement.textContent.trim() !== el.textContent.trim();
  const targets = [...document.querySelectorAll('a[href], button, input, select, summary')].filter(visible);
  const rects = targets.map(el => el.getBoundingClientRect());
  const small = targets.map((el, i) => !inSentence(el) && (rects[i].width < 24 || rects[i].height < 24));
  const centre = r => [r.left + r.width / 2, r.top + r.height / 2];
  const distanceToRect = ([x, y], r) =>
    Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
  const problems = [];
  targets.forEach((el, i) => {
    if (!small[i]) return;
    const c = centre(rects[i]);
    const crowded = targets.some((other, j) => j !== i && (small[j]
      ? Math.hypot(c[0] - centre(rects[j])[0], c[1] - centre(rects[j])[1]) < 24
      : distanceToRect(c, rects[j]) < 12));
    const size = `${Math.round(rects[i].width)}x${Math.round(rects[i].height)}`;
    if (crowded) problems.push(`${el.tagName} "${el.textContent.trim()}" ${size}`);
  });
  return problems;
}
"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)], ids=["desktop", "phone"])
def test_home_page_targets_are_big_enough_to_tap(journey: Journey, width: int, height: int) -> None:
    journey.page.set_viewport_size({"width": width, "height": height})
    page = journey.visit("/")
    assert page.locator("main .govuk-list a").count() >= 2  # the list links Lighthouse flagged
    problems: list[Any] = page.evaluate(SMALL_TARGETS_JS)
    assert not problems, f"targets under 24x24 CSS pixels without room around them at {width}px: {problems}"
    heights = page.locator("main .govuk-list a").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 24


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)], ids=["desktop", "phone"])
def test_unsure_where_to_go_from_the_home_page_to_where_to_get_help(
    journey: Journey, demo_directory_committed: None, width: int, height: int
) -> None:
    journey.page.set_viewport_size({"width": width, "height": height})
    page = journey.visit("/")
    page.get_by_role("link", name="Where to get help").click()
    journey.check()  # axe-core, WCAG 2.2 A and AA
    assert page.get_by_role("heading", level=1).inner_text() == "Where to get help"
    assert page.get_by_role("heading", name="Adult Social Care Connect", level=2).is_visible()
    problems: list[Any] = page.evaluate(SMALL_TARGETS_JS)
    assert not problems, f"targets under 24x24 CSS pixels without room around them at {width}px: {problems}"

    page.get_by_role("link", name="Community wardens and connectors").click()
    assert page.url.endswith("#community-wardens-and-connectors")
    page.get_by_role("link", name="Kent Community Wardens").click()
    journey.check()
    assert page.get_by_role("heading", level=1).inner_text() == "Kent Community Wardens"

    page = journey.visit("/services/?q=carers")
    page.get_by_role("link", name="Where to get help").click()
    journey.check()
    assert page.url.endswith("/services/where-to-get-help/")
