"""How the facade's classes wrap the native objects of ``workforce_graph._core``.

A facade object made from a native one (a graph from ``open``, ``copy`` or ``pull``, a query's
result, a connection) is built without ``__init__``, which makes new native objects. The one
classmethod here does it for every facade class, so a subclass's constructors give that subclass.
"""

from __future__ import annotations

from typing import ClassVar, Generic, Self, TypeVar

__all__ = ["Wraps"]

Native = TypeVar("Native")


class Wraps(Generic[Native]):
    """A facade class holding one native object in the slot ``_native_slot`` names."""

    __slots__ = ()
    #: The instance slot (declared by the subclass's ``__slots__``) that holds the native object.
    _native_slot: ClassVar[str]

    @classmethod
    def _from_native(cls, native: Native) -> Self:
        """An instance of this class (or of the subclass called on) holding ``native``."""
        wrapped = cls.__new__(cls)
        setattr(wrapped, cls._native_slot, native)
        return wrapped
