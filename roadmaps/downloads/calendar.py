"""iCalendar feeds (RFC 5545) of the deadlines of road maps, written as plain text.

One feed per road map (``karty/<id>/<id>.ics``) and one per organisation
(``organizacii/<org-id>/<org-id>.ics``: the activities and control points of every
road map that name the organisation in ``responsible_ids``).

Every due date of :meth:`Activity.due_dates` over the road map's period is an all-day occurrence:
a deadline «Ежегодно: март, май» in a 2023–2025 road map gives six, one :class:`Event` each.  In a
feed, the dates of one item on the same day of consecutive years are written as one VEVENT that
recurs yearly (``RRULE:FREQ=YEARLY;COUNT=3``: two VEVENTs for those six dates), the simplest
recurrence, which every calendar program expands; the events of an item were most of a region's
calendar bytes.  Deadlines without a date («постоянно», «по графику ФИОКО», «по мере обращения»)
give no event.

An event in the road map's feed says its text in full (when the summary cannot hold it), the deadline as printed
and the responsible; in the feed of an organisation, which gathers many documents' items, it names the document
instead of repeating the text, which is one link away: each item's text is in one feed, not in one more for each
of its responsible.

The output is deterministic: DTSTAMP is the package's last-change date
(``SiteData.changed``), else the build date; UIDs are ``<item-id>-<yyyymmdd>@<roadmap-id>.roadmaps``
(the first date of a yearly series) for activities and ``…@control-points.<roadmap-id>.roadmaps`` for control points, so they
stay the same from build to build and never collide between the two tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property, lru_cache
from operator import attrgetter

from roadmaps.data.model import Activity, ControlPoint, Organization, Roadmap
from roadmaps.site.context import SiteData
from roadmaps.site.outputs import Asset
from roadmaps.site.urls import ORGS_URL, roadmap_url

PRODID = "-//open-roadmaps//Otkrytye dorozhnye karty//RU"
SUMMARY_LIMIT = 120
LINE_LIMIT = 75  # octets, CRLF excluded (RFC 5545 §3.1)
_DATE_ORDER = attrgetter("day", "uid")  # events in a feed
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # CTLs other than HTAB are not allowed in TEXT


# --------------------------------------------------------------------------- RFC 5545 text
def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROL.sub("", value)
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold a content line into lines of at most 75 octets, never splitting a UTF-8 character."""
    if line.isascii():  # one octet a character (isascii is O(1)): cut by characters
        if len(line) <= LINE_LIMIT:
            return line
        rest = range(LINE_LIMIT, len(line), LINE_LIMIT - 1)
        return "\r\n ".join([line[:LINE_LIMIT], *(line[i:i + LINE_LIMIT - 1] for i in rest)])
    data = line.encode("utf-8")
    if len(data) <= LINE_LIMIT:
        return line
    parts: list[bytes] = []
    start, limit = 0, LINE_LIMIT
    while len(data) - start > limit:
        cut = start + limit
        while data[cut] & 0xC0 == 0x80:  # a continuation byte: cut before the character it belongs to
            cut -= 1
        parts.append(data[start:cut])
        start, limit = cut, LINE_LIMIT - 1  # a continuation line starts with one space, which counts
    parts.append(data[start:])
    return b"\r\n ".join(parts).decode("utf-8")


def content_line(name: str, value: str) -> str:
    return fold(f"{name}:{value}")


def shorten(text: str, limit: int = SUMMARY_LIMIT) -> str:
    """One line of at most ``limit`` characters, cut at a word boundary with «…»."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.—-") + "…"


@lru_cache(maxsize=4096)
def _ics_date(d: date) -> str:
    return d.strftime("%Y%m%d")


@lru_cache(maxsize=4096)
def _day_lines(day: date) -> str:
    """DTSTART and DTEND (the next day: all-day events end exclusively) of an event on ``day``."""
    return (f"{content_line('DTSTART;VALUE=DATE', _ics_date(day))}\r\n"
            f"{content_line('DTEND;VALUE=DATE', _ics_date(day + timedelta(days=1)))}\r\n")


@lru_cache(maxsize=8192)
def _event_end(summary: str, description: str, category: str, url: str) -> str:
    """The lines of a VEVENT after its dates, remembered: the events of one item (one per due date)
    share them, and they are escaped and folded once.  The link to the item's page ends the DESCRIPTION, which
    every calendar program shows (Google's and Outlook's ignore a URL property: none is written)."""
    text = f"{description}\n{url}" if url else description
    lines = [content_line("SUMMARY", escape_text(summary)), content_line("DESCRIPTION", escape_text(text)),
             content_line("CATEGORIES", escape_text(category)), "TRANSP:TRANSPARENT", "END:VEVENT"]
    return "\r\n".join(lines) + "\r\n"


@lru_cache(maxsize=256)
def _stamp(changed: str, fallback: date) -> str:
    try:
        day = date.fromisoformat(changed) if changed else fallback
    except ValueError:
        day = fallback
    return day.strftime("%Y%m%dT000000Z")


# --------------------------------------------------------------------------- events
@dataclass(frozen=True)
class Event:
    uid: str
    day: date
    stamp: str
    summary: str
    description: str  # in the road map's feed
    url: str
    category: str
    brief: str = ""  # in an organisation's feed ("": the description)

    @property
    def text(self) -> str:
        """The VEVENT: UID, DTSTAMP, DTSTART, DTEND, SUMMARY, DESCRIPTION (the url, if any, its last line),
        CATEGORIES, TRANSP, CRLF-terminated lines."""
        return self.data.decode("utf-8")

    @cached_property
    def data(self) -> bytes:
        """:attr:`text` in UTF-8, rendered once."""
        return _vevent(self.encoded, 1)

    @cached_property
    def encoded(self) -> Encoded:
        """What the road map's feed needs of the event."""
        return Encoded(self.day, self.uid, self.stamp,
                       _event_end(self.summary, self.description, self.category, self.url).encode())

    @cached_property
    def for_organisations(self) -> Encoded:
        """What an organisation's feed needs of the event (the feeds of all its responsible share it)."""
        if not self.brief:
            return self.encoded
        return Encoded(self.day, self.uid, self.stamp,
                       _event_end(self.summary, self.brief, self.category, self.url).encode())


@dataclass(frozen=True, slots=True)
class Encoded:
    """An event reduced to what a feed needs: its order (day, uid), its stamp and the bytes of its lines after the
    dates (SUMMARY … END:VEVENT).  A region's organisation feeds wait for every road map's events, and the texts of
    the full :class:`Event` would double their memory."""

    day: date
    uid: str
    stamp: str
    tail: bytes


_DATED_UID = re.compile(r"(.+)-(\d{8})@(.+)")  # <item>-<yyyymmdd>@<domain>: the events of one item, one a date


def _vevent(e: Encoded, years: int) -> bytes:
    """The VEVENT of ``e``; with ``years`` > 1, one that recurs on its date in each of the next years too."""
    rule = f"RRULE:FREQ=YEARLY;COUNT={years}\r\n" if years > 1 else ""
    return (f"BEGIN:VEVENT\r\n{content_line('UID', e.uid)}\r\n{content_line('DTSTAMP', e.stamp)}\r\n"
            f"{_day_lines(e.day)}{rule}").encode() + e.tail


def yearly_series(events: list[Encoded]) -> list[tuple[Encoded, int]]:
    """Events in date order, as (first event, years): the events of one item (``<item>-<yyyymmdd>@<domain>``) on
    the same day of the same month of consecutive years, with the same lines otherwise, as one event that recurs
    yearly (RRULE FREQ=YEARLY;COUNT, which every calendar program expands): «Ежегодно: март, май» over 2023–2025
    is two events, not six.  Any other event stays on its own.  Each series is where its first date is."""
    found: list[list] = []  # [first event, years]
    open_runs: dict[tuple, list] = {}  # (item, domain, month, day, stamp, tail) -> the run its next year extends
    for e in events:
        m = _DATED_UID.fullmatch(e.uid)
        if m is None or m.group(2) != _ics_date(e.day):
            found.append([e, 1])
            continue
        key = (m.group(1), m.group(3), e.day.month, e.day.day, e.stamp, e.tail)
        run = open_runs.get(key)
        if run is not None and run[0].day.year + run[1] == e.day.year:
            run[1] += 1
            continue
        run = open_runs[key] = [e, 1]
        found.append(run)
    return [(e, years) for e, years in found]


def _printed_deadlines(a: Activity) -> dict[date, str]:
    """{due date: the deadline as printed} for per-year columns: the first column a date comes from
    (a date not in it: the deadline column as printed)."""
    printed: dict[date, str] = {}
    for yd in a.year_deadlines:
        text = f"{yd.year} г.: {yd.text}" + (f" (общий срок: {a.deadline})" if a.deadline else "")
        for day in yd.schedule.due_dates(yd.year, yd.year):
            printed.setdefault(day, text)
    return printed


def _description(text: str, deadline: str, responsible: str, r: Roadmap, own: bool = True) -> str:
    """What an event says besides its summary (the link to the item follows, see :func:`_event_end`).

    In the road map's own feed (``own``): the text, unless the summary holds all of it, the deadline as printed and
    the responsible; the feed's name is the document's.  In an organisation's feed, which gathers the items of
    many documents: the deadline, the responsible and the document; the text is one link away (and in the road
    map's feed), not copied into the feed of each of the organisations responsible.
    """
    parts = [] if not own or shorten(text) == " ".join(text.split()) else [text.strip(), ""]
    parts += [f"Срок (как в документе): {deadline or '—'}", f"Ответственные: {responsible or '—'}"]
    if not own:
        parts.append(f"Документ: {shorten(r.title, 100)}")
    return "\n".join(parts)


def _page(site_url: str, r: Roadmap, anchor: str) -> str:
    return f"{site_url.rstrip('/')}/{roadmap_url(r)}#{anchor}" if site_url else ""


def activity_events(site: SiteData, r: Roadmap, a: Activity, site_url: str = "") -> list[Event]:
    start, end = r.period
    days = dict.fromkeys(a.due_dates(start, end))
    if not days:
        return []
    stamp = _stamp(site.changed.get(r.id, ""), site.today)
    url = _page(site_url, r, a.id)
    summary = shorten(a.text)
    printed = _printed_deadlines(a)
    descriptions: dict[str, tuple[str, str]] = {}  # by the deadline as printed: the same for most dates
    events = []
    for d in days:
        deadline = printed.get(d, a.deadline)
        if deadline not in descriptions:
            descriptions[deadline] = (_description(a.text, deadline, a.responsible, r),
                                      _description(a.text, deadline, a.responsible, r, own=False))
        own, brief = descriptions[deadline]
        events.append(Event(uid=f"{a.id}-{_ics_date(d)}@{r.id}.roadmaps", day=d, stamp=stamp, summary=summary,
                            description=own, url=url, category="Мероприятие", brief=brief))
    return events


def control_point_events(site: SiteData, r: Roadmap, c: ControlPoint, site_url: str = "") -> list[Event]:
    start, end = r.period
    days = dict.fromkeys(c.schedule.due_dates(start, end))
    if not days:
        return []
    stamp = _stamp(site.changed.get(r.id, ""), site.today)
    url = _page(site_url, r, c.id)
    summary = shorten(c.text)
    own = _description(c.text, c.deadline, c.responsible, r)
    brief = _description(c.text, c.deadline, c.responsible, r, own=False)
    return [Event(uid=f"{c.id}-{_ics_date(d)}@control-points.{r.id}.roadmaps", day=d, stamp=stamp,
                  summary=summary, description=own, url=url, category="Контрольная точка", brief=brief)
            for d in days]


def _items(site: SiteData, r: Roadmap, site_url: str = "",
           only: frozenset[str] | None = None) -> list[tuple[tuple[str, ...], list[Event]]]:
    """(responsible_ids, events) of every activity, then of every control point, of a road map (with ``only``, of
    those naming one of these organisations as responsible: the others' events are not made)."""
    return ([(a.responsible_ids, activity_events(site, r, a, site_url)) for a in r.activities
             if only is None or not only.isdisjoint(a.responsible_ids)]
            + [(c.responsible_ids, control_point_events(site, r, c, site_url)) for c in r.control_points
               if only is None or not only.isdisjoint(c.responsible_ids)])


def roadmap_events(site: SiteData, r: Roadmap, site_url: str = "", org_id: str | None = None) -> list[Event]:
    """Events of a road map (only those naming ``org_id`` in responsible_ids, when given)."""
    return [e for ids, events in _items(site, r, site_url) if org_id is None or org_id in ids for e in events]


def has_events(r: Roadmap) -> bool:
    """Whether the road map has a feed: ``bool(roadmap_events(site, r))``, without making the events."""
    start, end = r.period
    return (any(a.due_dates(start, end) for a in r.activities)
            or any(c.schedule.due_dates(start, end) for c in r.control_points))


def calendar_text(name: str, description: str, events: list[Event]) -> str:
    """A whole VCALENDAR, CRLF line endings, events in date order."""
    return calendar_bytes(name, description, events).decode("utf-8")


def calendar_bytes(name: str, description: str, events: list[Event] | list[Encoded]) -> bytes:
    """:func:`calendar_text` in UTF-8: the events in date order, each item's yearly dates as one recurring event
    (:func:`yearly_series`)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        content_line("PRODID", PRODID),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        content_line("X-WR-CALNAME", escape_text(name)),
        content_line("X-WR-CALDESC", escape_text(description)),
    ]
    head = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    encoded = sorted((e.encoded if isinstance(e, Event) else e for e in events), key=_DATE_ORDER)
    return b"".join([head, *(_vevent(e, years) for e, years in yearly_series(encoded)), b"END:VCALENDAR\r\n"])


# --------------------------------------------------------------------------- feeds
def roadmap_calendar(r: Roadmap, events: list[Event]) -> Asset:
    data = calendar_bytes(f"Сроки: {shorten(r.title, 80)}",
                          f"Сроки мероприятий и контрольных точек: {r.title} ({r.period[0]}–{r.period[1]})",
                          events)
    return Asset(f"{roadmap_url(r)}{r.id}.ics", data)


def organization_calendar(org: Organization, events: list[Event] | list[Encoded]) -> Asset:
    data = calendar_bytes(f"Сроки: {shorten(org.label, 80)}",
                          f"Мероприятия и контрольные точки дорожных карт, где ответственный — {org.name}",
                          [e.for_organisations if isinstance(e, Event) else e for e in events])
    return Asset(f"{ORGS_URL}/{org.id}/{org.id}.ics", data)


def calendar_assets(site: SiteData, site_url: str = "") -> Iterator[Asset]:
    """Every feed: one per road map, then one per organisation (events of all road maps).

    RFC 5545 wants at least one component in a calendar, so a road map or organisation
    without a single dated deadline gets no feed; the templates show the link on the same
    condition (an activity or control point with a due date; for an organisation, one it is
    responsible for).  Each road map's events are computed once (linear in the data).  The feeds
    are yielded one by one (a region's feeds together are hundreds of megabytes).
    """
    yield from _feeds(site, site_url, roadmaps=True, organizations=True)


def roadmap_feed(site: SiteData, r: Roadmap, site_url: str = "") -> list[Asset]:
    """The feed of one road map ([] when none of its items has a due date)."""
    events = [e for _, found in _items(site, r, site_url) for e in found]
    return [roadmap_calendar(r, events)] if events else []


def organization_feeds(site: SiteData, site_url: str = "", orgs: frozenset[str] | None = None,
                       roadmaps: list[Roadmap] | None = None) -> Iterator[Asset]:
    """The feed of every organisation responsible for a dated item (the events of every road map); with ``orgs``,
    of those organisations only, from ``roadmaps`` (those that name them: the others add nothing to their feeds)."""
    yield from _feeds(site, site_url, roadmaps=False, organizations=True, only=orgs, sources=roadmaps)


def _feeds(site: SiteData, site_url: str, roadmaps: bool, organizations: bool, only: frozenset[str] | None = None,
           sources: list[Roadmap] | None = None) -> Iterator[Asset]:
    by_org: dict[str, list[Encoded]] = {}
    for r in site.catalogue.roadmaps if sources is None else sources:
        items = _items(site, r, site_url, None if roadmaps else only)  # a road map's feed needs every item
        events = [e for _, found in items for e in found]
        if events and roadmaps:
            yield roadmap_calendar(r, events)
        for ids, found in items:
            if not found or not ids or not organizations:
                continue
            kept = [e.for_organisations for e in found]  # the organisations' feeds wait for the last road map: only
            for org_id in dict.fromkeys(ids):  # the encoded events
                if only is None or org_id in only:
                    by_org.setdefault(org_id, []).extend(kept)
    for org_id, org in site.catalogue.organizations.items():
        if by_org.get(org_id) and (only is None or org_id in only):
            yield organization_calendar(org, by_org[org_id])
