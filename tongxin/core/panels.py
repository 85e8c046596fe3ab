"""Sections that feature apps add to shared pages (the program page, the home page), like Wagtail's
hooks: the page's app never imports the feature apps, they register here in `AppConfig.ready()`."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    page: str
    template: str
    context: Callable  # (request, obj) -> dict, or None to hide the panel
    position: int = 100


_PANELS: list[Panel] = []


def register(page: str, template: str, context: Callable, position: int = 100) -> None:
    _PANELS.append(Panel(page, template, context, position))


def render_all(page: str, request, obj) -> list[tuple[str, dict]]:
    shown = []
    for panel in sorted((p for p in _PANELS if p.page == page), key=lambda p: p.position):
        context = panel.context(request, obj)
        if context is not None:
            shown.append((panel.template, context))
    return shown
