"""The reports package's error: a file that cannot be read, with a Chinese message naming it."""

from __future__ import annotations


class ReadError(ValueError):
    """The file cannot be read as a report; the message (Chinese) names the file and what to do."""
