"""roadmaps.page_frame: a frame is used only where it gives what the ordinary rendering gives."""

from __future__ import annotations

from types import SimpleNamespace

from roadmaps.fast import frame as page_frame


def page(url: str, title: str, description: str | None = "Описание", canonical: str | None = None):
    meta = {"title": title, "hide": ["toc"]}
    if description is not None:
        meta["description"] = description
    return SimpleNamespace(url=url, meta=meta, title=title, content="<!-- body -->", toc=[],
                           canonical_url=canonical if canonical is not None else f"https://x.ru/{url}",
                           is_homepage=False, previous_page=None, next_page=None, parent=None)


def theme(context) -> str:
    """A stand-in for the theme's template: prints the values raw, as Material does."""
    p = context["page"]
    return (f"<title>{p.meta['title']} - Сайт</title><meta content=\"{p.meta.get('description', '')}\">"
            f"<link href=\"{p.canonical_url}\"><header>{p.title}</header><base href=\"{context['base_url']}\">"
            f"{p.content}")


def render_all(frames, pages):
    return [frames.render({"page": p, "base_url": "../../"}) for p in pages]


def test_pages_of_a_kind_are_filled_into_one_frame_and_equal_the_full_rendering():
    calls = []
    frames = page_frame.Frames(render_full=lambda c: calls.append(c["page"].url) or theme(c))
    pages = [page(f"organizacii/o{n}/", f"Школа № {n} «Радуга» &amp; сад") for n in range(10)]
    out = render_all(frames, pages)
    assert out == [theme({"page": p, "base_url": "../../"}) for p in pages]
    assert frames.counts == {"framed": 10 - page_frame.VERIFY, "full": page_frame.VERIFY,
                             "verified": page_frame.VERIFY}
    assert len(calls) == page_frame.VERIFY + 1  # the frame itself, then the pages checked against it


def test_a_theme_that_transforms_a_value_makes_the_kind_render_in_full():
    def shouting(context):
        p = context["page"]
        return f"<title>{p.meta['title'].upper()}</title>{p.content}"

    frames = page_frame.Frames(render_full=shouting)
    pages = [page(f"karty/r{n}/", f"Карта {n}") for n in range(6)]
    out = render_all(frames, pages)
    assert out == [shouting({"page": p}) for p in pages]
    assert frames.counts["framed"] == 0


def test_a_value_the_theme_might_transform_is_never_framed():
    for title in ("Школа <b>1</b>", 'Школа "1"', "Школа  1", " Школа", "Школа\n1", "Школа & 1"):
        assert page_frame.values_of(page("organizacii/o/", title)) is None, title
    assert page_frame.values_of(page("organizacii/o/", "Школа &quot;1&quot; &amp; сад")) is not None


def test_kinds_differ_by_depth_and_metadata():
    a, b = page("organizacii/a/", "А"), page("organizacii/b/", "Б")
    deep = page("karty/r/pokazateli/i/", "В")
    no_description = page("organizacii/c/", "Г", description=None)
    kind = page_frame.kind_of
    assert kind({"page": a, "base_url": "../../"}) == kind({"page": b, "base_url": "../../"})
    assert kind({"page": a, "base_url": "../../"}) != kind({"page": deep, "base_url": "../../../../"})
    assert kind({"page": a, "base_url": "../../"}) != kind({"page": no_description, "base_url": "../../"})
