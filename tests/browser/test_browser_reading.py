"""Can a person read the pages?  Audits pass on pages whose words are broken into letters
(«Кт/о/ут/вер/дил») by columns squeezed into a phone: here the words themselves are measured.

A word (four letters or more) is broken when a Range over it has client rects on more than one line.
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

# The share of broken words in the visible text of the main content (`.md-content`).  Skipped: text in
# elements that may wrap anywhere (URLs and identifiers: code, .rm-wrap-anywhere), visually hidden text,
# text that is not rendered (closed <details>, hidden rows).  Returns {total, broken: [words]}.
BROKEN_WORDS = r"""(selector) => {
  const root = document.querySelector(selector || ".md-content");
  if (!root) { return { total: 0, broken: [] }; }
  const SKIP = "code, kbd, samp, pre, script, style, template, .rm-wrap-anywhere, .rm-visually-hidden, .md-visually-hidden";
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const range = document.createRange();
  let total = 0;
  const broken = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || element.closest(SKIP) || getComputedStyle(element).visibility !== "visible") { continue; }
    for (const m of node.data.matchAll(/\p{L}{4,}/gu)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter((r) => r.width > 0 && r.height > 0);
      if (!rects.length) { continue; }  /* not rendered */
      total += 1;
      const tops = rects.map((r) => r.top), height = Math.min(...rects.map((r) => r.height));
      if (Math.max(...tops) - Math.min(...tops) > height / 2) { broken.push(m[0]); }
    }
  }
  return { total, broken };
}"""
