"""Text from documents, paths and config files, made safe to show: data, never controls.

Every message the app shows (notifications, dialogs, the header) goes through
:func:`printable`, so a folder named with an escape sequence or a config key such as
``"[/]"`` is shown as it is spelled, never acted on by the terminal or parsed as markup
(notifications are also sent with ``markup=False``).
"""

from __future__ import annotations

from polyglance.corpus.walk import shown_name


def printable(text: str) -> str:
    """``text`` with terminal controls shown as escapes; line breaks are kept."""
    return "\n".join(shown_name(line) for line in str(text).split("\n"))
