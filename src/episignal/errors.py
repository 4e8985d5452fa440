"""One exception hierarchy. Each error has a code and says what to do next."""

from __future__ import annotations


class EpisignalError(Exception):
    """Base of every error episignal raises on purpose."""

    code = "E000"

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def __str__(self) -> str:
        base = f"[{self.code}] {self.args[0]}"
        return f"{base} ({self.hint})" if self.hint else base


class InputError(EpisignalError):
    """A source could not be read (missing file, unreadable archive, bad URL)."""

    code = "E100"


class DocumentError(EpisignalError):
    """One document could not be processed; the scan records it and goes on."""

    code = "E200"


class StoreError(EpisignalError):
    """The database could not be opened, migrated or written."""

    code = "E300"


class DataError(EpisignalError):
    """A packaged data file is missing or invalid: rebuild with scripts/build_data.py."""

    code = "E400"


class WorkerStartError(EpisignalError):
    """Worker processes cannot start (an import fails, the machine is out of memory)."""

    code = "E500"


class ConfigError(EpisignalError):
    """A configuration file or option is invalid; the message names the setting."""

    code = "E600"


class FetchError(EpisignalError):
    """A URL was refused or could not be fetched (unsafe address, too large, timeout)."""

    code = "E700"


class AlertError(EpisignalError):
    """An alert could not be delivered on its channel; it is stored and retried."""

    code = "E800"
