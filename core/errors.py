"""One error family for everything a user can be told. Every error a page shows or a command prints
derives from `EduKPIError` and carries a Chinese message that says what is wrong and how to fix it;
pages catch this one class (pages.common.show_error), the CLI prints it as one line."""

from __future__ import annotations


class EduKPIError(Exception):
    """A refusal or failure a person can act on. `str(err)` is the Chinese message; `exit_code` is
    what a command exits with when it ends on this error (1: refused, 2: cannot run at all)."""

    exit_code = 1

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(message, *args)
        self.message = message

    def __str__(self) -> str:
        return self.message or super().__str__()


class NotFound(EduKPIError, LookupError):
    """Something named by a key (a plan, a school, a user, a KPI) does not exist."""


class Forbidden(EduKPIError, PermissionError):
    """The principal may not do this (out of scope, wrong role)."""


class Invalid(EduKPIError, ValueError):
    """Input that cannot be accepted as it is; the message says what to change."""


class Unavailable(EduKPIError):
    """The system cannot work right now: the database cannot be reached, a setting is wrong."""

    exit_code = 2


def messages_of(err: BaseException) -> list[str]:
    """The Chinese lines an error stands for: errors that hold several problems (a rejected plan
    import, a refused revision) keep them in `.problems`; every other error is its message."""
    problems = getattr(err, "problems", None)
    if isinstance(problems, (list, tuple)) and problems:
        return [str(p) for p in problems]
    return [str(err)]
