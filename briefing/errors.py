"""The briefing's errors, in one module every other briefing module may import (so export and
slides need not import each other for them). Both carry a Chinese message for the user."""

from __future__ import annotations

from core.errors import EduKPIError, Invalid


class BriefingError(Invalid):
    """A briefing that cannot be made or found; str(exc) is a Chinese message for the user."""


class RenderError(EduKPIError, RuntimeError):
    """An export that could not be produced or failed its self-check; str(exc) is Chinese."""
