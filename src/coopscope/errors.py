"""One error base class for coopscope; every message ends with a hint.

The CLI turns any :class:`CoopscopeError` into a one-line message and exit code 1
(see ``coopscope.cli``); library users catch the same classes.
"""

from __future__ import annotations

from collections.abc import Sequence


class CoopscopeError(Exception):
    """Base class of every error coopscope raises on purpose.

    ``message`` says what is wrong and where (file, line, column or field);
    ``hint`` says what to do about it.
    """

    def __init__(self, message: str, hint: str = "") -> None:
        self.message = message
        self.hint = hint
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.message} Hint: {self.hint}" if self.hint else self.message


class InputError(CoopscopeError):
    """Bad input data: a file, line, column or value that cannot be read."""

    @classmethod
    def at(
        cls, source: str, message: str, hint: str, *, line: int | None = None, column: str | None = None
    ) -> InputError:
        """Build an error that names the file, line and column where the problem is."""
        where = source
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        return cls(f"{where}: {message}.", hint)


class UnknownCodeError(InputError):
    """A country, product or group code that is not in the reference table."""

    @classmethod
    def codes(cls, kind: str, codes: Sequence[str], source: str, hint: str) -> UnknownCodeError:
        """List the first few offending codes and how many there are."""
        uniq = sorted(set(codes))
        shown = ", ".join(uniq[:5]) + (" …" if len(uniq) > 5 else "")
        return cls(f"{source}: {len(uniq)} {kind} code(s) not known: {shown}.", hint)


class SchemaError(InputError):
    """A table that does not have the canonical columns or types."""


class OptionError(CoopscopeError):
    """An option value that is not one of the allowed choices."""


class ConfigError(CoopscopeError):
    """A settings file or environment variable that cannot be used."""


class StoreError(CoopscopeError):
    """A store that is missing, damaged or not in the state an operation needs."""


class StoreLockedError(StoreError):
    """Another process is writing to the store."""


class EngineError(CoopscopeError):
    """The requested engine (DuckDB, PySpark) cannot be opened."""


class NetworkError(CoopscopeError):
    """A download or API call that failed after its retries."""
