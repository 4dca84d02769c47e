"""Scroll views whose scrollbars are repainted only when something about them changed.

Textual (8.x) hands every scroll view the size of its region as its "virtual size" at
each layout pass, which never equals the real one of a list longer than its region: so
each pass (a key typed in an input is one) repainted every scrollbar on the screen and
drew the screen a second time for them: 15–20 ms a key with the hits and the article list
showing. The mixin skips that update when the region, the container, the widget's own
virtual size and its overflow styles are all as they were at the last one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.widgets import OptionList

if TYPE_CHECKING:
    from textual.geometry import Size
    from textual.scroll_view import ScrollView

    _Base = ScrollView
else:
    _Base = object


class SteadyScrollbars(_Base):
    """Mix in before a :class:`~textual.scroll_view.ScrollView` subclass."""

    _steady_key: tuple | None = None

    def _size_updated(
        self, size: Size, virtual_size: Size, container_size: Size, *args: Any, **kwargs: Any
    ) -> bool:
        styles = self.styles
        key = (
            size,
            container_size,
            self.virtual_size,
            styles.overflow_x,
            styles.overflow_y,
            styles.scrollbar_size_vertical,
            styles.scrollbar_size_horizontal,
        )
        if key == self._steady_key:
            return False  # what Textual answers too when neither size changed
        self._steady_key = key
        return super()._size_updated(size, virtual_size, container_size, *args, **kwargs)


class SteadyOptionList(SteadyScrollbars, OptionList):
    """An :class:`OptionList` whose scrollbar is not repainted by unrelated layouts."""
