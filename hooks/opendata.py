"""MkDocs hook: the department's open data settings (``extra.opendata`` in mkdocs.yml).

on_config — read the publisher's contacts, licence and update frequency into ``roadmaps.opendata_settings`` (the
            open data job of hooks/build.py and the «Открытые данные» page read them there); a mistake stops the
            build; while any is empty the build says so.  It says so at INFO level with the word «Предупреждение»:
            a warning would fail ``mkdocs build --strict``, and the shipped mkdocs.yml, which leaves them empty for
            the department to fill in, must still build in strict mode.
"""

from __future__ import annotations

import logging

from mkdocs.exceptions import PluginError

from roadmaps import opendata_settings

log = logging.getLogger("mkdocs.hooks.opendata")


def on_config(config):
    try:
        settings = opendata_settings.OpendataSettings.from_extra(config.extra)
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    opendata_settings.set_current(settings)
    warning = settings.warning()
    if warning:
        log.info(warning)
    return config
