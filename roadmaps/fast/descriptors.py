"""frictionless's descriptor checks, each done once per process (and its snake case of property names, remembered).

frictionless checks a metadata descriptor against its JSON Schema profile every time it makes an object
of one, and it makes fresh copies of every field of a table each time it opens it: for the header, for
the rows, for each foreign-key lookup.  A region's 1 600 tables share a few dozen distinct descriptors, so
the same check ran tens of thousands of times: a fifth of validation.

Here a check that found nothing is remembered by what decides it: the class, the descriptor's canonical
text, the profile, the Data Package version passed down and frictionless's ``trusted`` flag.  A descriptor
with a problem is checked again every time (its errors are reported as frictionless makes them).  The
tables' rows are read and checked by frictionless as before.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

_LIMIT = 20_000  # distinct clean descriptors remembered; past it the memo starts afresh
_clean: set[tuple] = set()
_installed = False
_unmemoized: Any = None  # frictionless's own check, kept for the tests that compare answers
_snakecase_of_frictionless: Any = None  # and its own snake case


def install() -> None:
    """Put the memo in front of frictionless's ``Metadata.metadata_validate`` (in this process, once)."""
    global _installed, _unmemoized
    if _installed:
        return
    from frictionless import system
    from frictionless.metadata import Metadata

    checked = _unmemoized = Metadata.metadata_validate.__func__

    def metadata_validate(cls, descriptor, *, profile=None, error_class=None, context=None):
        key = _key(cls, descriptor, profile, error_class, context, system.trusted)
        if key is not None and key in _clean:
            return iter(())
        found = list(checked(cls, descriptor, profile=profile, error_class=error_class, context=context))
        if not found and key is not None:
            if len(_clean) >= _LIMIT:
                _clean.clear()
            _clean.add(key)
        return iter(found)

    Metadata.metadata_validate = classmethod(metadata_validate)
    _remember_names()
    _installed = True


def _remember_names() -> None:
    """frictionless turns every property name of every copied field to snake case again (a few regular
    expressions each time): about 7 % of a region's validation.  The answer depends on the name alone; the few
    dozen names there are are remembered."""
    from frictionless.vendors import stringcase

    global _snakecase_of_frictionless
    plain = _snakecase_of_frictionless = stringcase.snakecase
    remembered = lru_cache(maxsize=4096)(plain)

    def snakecase(string):
        try:
            return remembered(string)
        except TypeError:  # not hashable: as frictionless does it
            return plain(string)

    stringcase.snakecase = snakecase


def _key(cls: type, descriptor: Any, profile: Any, error_class: Any, context: Any, trusted: bool) -> tuple | None:
    """What a check's outcome depends on, as a hashable value; None when the descriptor has no canonical text."""
    try:
        text = json.dumps(descriptor, sort_keys=True, ensure_ascii=False, allow_nan=True, default=_strict)
        profile_text = profile if profile is None or isinstance(profile, str) else json.dumps(
            profile, sort_keys=True, default=_strict)
    except (TypeError, ValueError):
        return None
    version = getattr(context, "datapackage_version", None)
    return (cls, text, profile_text, error_class, version, bool(trusted))


def _strict(value: Any) -> Any:
    """Only JSON's own values make a key: anything else (a date read from YAML…) is checked every time."""
    raise TypeError(type(value).__name__)
