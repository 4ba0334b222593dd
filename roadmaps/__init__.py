"""Открытые дорожные карты: the domain core (load, validate, model, schedules)."""

__version__ = "0.1.0"
