"""Helpers every record module shares: a picklable read-only mapping, positional pickling, and
the frozen tuple that a record stored as a tuple (a token, a cell, a column) is made of."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import MISSING, FrozenInstanceError, fields
from operator import attrgetter
from typing import Any, Generic, TypeVar

__all__ = [
    "EMPTY_MAP",
    "FrozenMap",
    "FrozenTuple",
    "Positional",
    "empty_mapping",
    "paused_gc",
    "promote_to_oldest",
    "record_maker",
    "show_fields",
]

_T = TypeVar("_T")


class FrozenMap(Mapping[str, Any]):
    """A read-only mapping for records' free-form fields (``Token.extra``, ``Collation.options``).

    Unlike :class:`types.MappingProxyType` it pickles, so witnesses and collations can cross
    process boundaries (process pools, Dask workers) without any global pickling registration.
    """

    __slots__ = ("_data",)

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        self._data: dict[str, Any] = dict(data)

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    # (the dict's own, in C: Mapping's are Python calls through __getitem__ and KeyError)
    def get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __reduce__(self) -> tuple[type[FrozenMap], tuple[dict[str, Any]]]:
        return FrozenMap, (self._data,)


EMPTY_MAP: Mapping[str, Any] = FrozenMap()


def empty_mapping() -> Mapping[str, Any]:
    """The shared empty :class:`FrozenMap` (a dataclass ``default_factory``)."""
    return EMPTY_MAP


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


class Positional:
    """Mixin: pickle a dataclass record as ``cls(*fields)``.

    A collation holds tens of thousands of tokens, cells and columns; the default pickling of
    a frozen slotted dataclass goes through :func:`dataclasses.fields` for every object, which
    made shipping a collation back from a worker cost more than aligning it.  The positional
    form is about twice as fast both ways.  Only for records whose fields are all ``init``.
    """

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[Any, ...]]:
        cls = type(self)
        getter = _GETTERS.get(cls)
        if getter is None:
            names = [f.name for f in fields(cls)]  # type: ignore[arg-type]
            get = attrgetter(*names)
            getter = (lambda obj: (get(obj),)) if len(names) == 1 else get
            _GETTERS[cls] = getter
        return cls, getter(self)


#: The youngest generation's size from which :func:`promote_to_oldest` moves it.
_PROMOTE_AT = 100_000


def promote_to_oldest(at: int = _PROMOTE_AT) -> bool:
    """Move every object the collector tracks into its oldest generation, without a scan.

    Records made while the collector was paused all sit in the youngest generation, and the
    next collection would traverse them one by one (a book's tokens, an apparatus, a
    writer's records: millions of small objects).  They are acyclic and live as long as what
    holds them, so they belong in the oldest generation; ``gc.freeze()`` then
    ``gc.unfreeze()`` puts them there by splicing lists.  Nothing is frozen afterwards: every
    object, the caller's too, stays collectable; the caller's young objects only wait for the
    next full collection, as the survivors of any collection do.  Skipped (False) when the
    program itself has frozen objects (``gc.get_freeze_count()``), which ``unfreeze`` would
    release, and when fewer than ``at`` (default :data:`_PROMOTE_AT`) objects wait in the
    youngest generation (``gc.get_count()``, kept while the collector is paused): their
    collection is cheap, and ``get_freeze_count`` walks the frozen objects, which a program
    may have millions of.
    """
    if gc.get_count()[0] < at or gc.get_freeze_count():
        return False
    gc.freeze()
    gc.unfreeze()
    return True


@contextmanager
def paused_gc(promote_at: int = _PROMOTE_AT) -> Iterator[None]:
    """Pause the cyclic garbage collector while a stage makes many small acyclic records.

    Each full collection scans every tracked object, so with the collector on, making a
    million tokens costs a large share more than the tokens themselves.  On exit what was
    made is moved to the oldest generation (:func:`promote_to_oldest`), so that the next
    young collection does not traverse it (when at least ``promote_at`` objects wait), and
    the collector's previous state is restored, even on error.  Nested pauses promote once,
    when the outermost one ends.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            promote_to_oldest(promote_at)
            gc.enable()


class FrozenTuple(tuple[_T, ...], Generic[_T]):
    """A record that is a tuple underneath (of its tokens, of its cells) and immutable as a
    frozen dataclass is: no attribute can be set or deleted, and ``!=`` is ``not ==`` (the
    subclass's ``__eq__``, never the tuple's)."""

    __slots__ = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __ne__(self, other: object) -> bool:
        return not self == other


def show_fields(record: type, fields_of: type) -> None:
    """Make :func:`dataclasses.fields`, :func:`dataclasses.replace` and
    :func:`dataclasses.is_dataclass` see the frozen dataclass ``fields_of``'s fields on
    ``record``, a record stored as a tuple that was once that dataclass."""
    for name in ("__dataclass_fields__", "__dataclass_params__"):
        setattr(record, name, getattr(fields_of, name))


def record_maker(cls: type[_T]) -> Callable[..., _T]:
    """A constructor of the slotted frozen dataclass ``cls`` for builders that make many of
    its records: every field positional, in field order, with no checks (and no defaults but
    for the trailing fields that have a plain one).

    A frozen dataclass's ``__init__`` sets each field through ``object.__setattr__`` by name,
    about four times the cost of this.  The record is made as an instance of a plain twin
    class with the same slots (whose attributes are stored as any slotted object's), then
    given its class (``__class__`` assignment, which Python allows between classes of one
    layout); where that is refused, each field is stored through its slot's descriptor
    (twice the cost).  Either way the record is the one ``cls(*values)`` makes: equality,
    hashing, ``repr`` and pickling see no difference.  Only for classes without
    ``__post_init__``; the caller vouches for the values.
    """
    slots = getattr(cls, "__slots__", None)
    if slots is None or hasattr(cls, "__post_init__") or "__dict__" in dir(cls):
        raise TypeError(f"record_maker needs a slotted dataclass without __post_init__: {cls}")
    every = fields(cls)  # type: ignore[arg-type]
    names = [f.name for f in every]
    if any(not f.init for f in every) or any(
        n in _MAKER_NAMES or n.startswith("_set_") for n in names
    ):
        # a field the constructor does not take (init=False), or one whose name the made
        # function uses for itself
        raise TypeError(f"record_maker cannot make {cls}: a field is init=False or named {names}")
    env: dict[str, Any] = {"_new": object.__new__, "_cls": cls}
    # the trailing fields with a plain default may be left out (a field added to a record
    # need not be passed by every builder)
    params = list(names)
    for k in range(len(every) - 1, -1, -1):
        if every[k].default is MISSING:
            break
        env[f"_default_{k}"] = every[k].default
        params[k] = f"{names[k]}=_default_{k}"
    lines = [f"def make({', '.join(params)}):"]
    twin = _twin_of(cls, names)
    if twin is not None:
        env["_twin"] = twin
        lines.append("    self = _new(_twin)")
        lines.extend(f"    self.{name} = {name}" for name in names)
        lines.append("    self.__class__ = _cls")
    else:
        lines.append("    self = _new(_cls)")
        for name in names:
            slot = next(k.__dict__[name] for k in cls.__mro__ if name in k.__dict__)
            env[f"_set_{name}"] = slot.__set__
            lines.append(f"    _set_{name}(self, {name})")
    lines.append("    return self")
    exec("\n".join(lines), env)  # (the names are the class's own field names)
    make: Callable[..., _T] = env["make"]
    make.__qualname__ = make.__name__ = f"make_{cls.__name__}"
    make.__doc__ = f"A {cls.__name__} from all its fields, positional (:func:`record_maker`)."
    return make


_MAKER_NAMES = frozenset({"self", "_new", "_cls", "_twin", "make"})
"""Names the made constructor uses for itself (no field may take them)."""


def _twin_of(cls: type, names: list[str]) -> type | None:
    """A plain class of ``cls``'s layout (its slots, the fields, and nothing else), whose
    instances may become ``cls``'s; None if Python refuses (another layout, another base)."""
    slots = tuple(getattr(cls, "__slots__", ()))
    if cls.__bases__ != (object,) or sorted(slots) != sorted(names):
        return None
    twin = type(f"_{cls.__name__}Twin", (), {"__slots__": slots})
    probe: Any = object.__new__(twin)
    try:
        probe.__class__ = cls
    except TypeError:
        return None
    return twin
