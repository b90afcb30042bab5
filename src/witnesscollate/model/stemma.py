"""A stemma: which witness was copied, printed or translated from which.

The alteration report follows it: for every edge *exemplar → copy* it says what the copy
changed.  A chain (``H → T → K56``) is a stemma with one path; a witness with no exemplar is a
root (the original, or an independent source or translation); a witness with several
exemplars is contaminated.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

from ..errors import InputError, WitnessError
from ._base import FrozenMap

__all__ = ["RELATIONS", "Stemma"]

#: How a witness relates to its exemplars: ``original`` (and ``translation``, ``independent``)
#: have none in the collation; ``copy`` is a typescript or transcript, ``revision`` the later
#: state of a corrected witness, ``edition`` a printing from the exemplar, ``reprint`` a
#: printing of a printing, ``quotation`` a later author quoting it.  A ``translation`` is
#: rendered from a text outside the collation, so its differences from the other witnesses are
#: renderings, not alterations.
RELATIONS = frozenset(
    {
        "original",
        "copy",
        "revision",
        "edition",
        "reprint",
        "quotation",
        "translation",
        "independent",
    }
)


@dataclass(frozen=True)
class Stemma:
    """Each witness's exemplars, in an order where every exemplar precedes its copies.

    ``exemplars`` maps a siglum to the sigla it was made from (empty for a root);
    ``relations`` says how (:data:`RELATIONS`; ``"copy"`` where not given); ``order`` lists the
    witnesses so that exemplars come first (the manifest's chronological order where that
    agrees); ``lost`` the witnesses no collation holds (a lost common exemplar): the report
    skips them, and gives the differences of their copies as variants of unknown direction.
    """

    exemplars: Mapping[str, tuple[str, ...]]
    relations: Mapping[str, str] = field(default_factory=FrozenMap)
    order: tuple[str, ...] = ()
    lost: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # frozen all through (a caller's dict or lists made into a FrozenMap of tuples): what
        # the stemma answers, and keeps once found (copies, descendants), stays true
        if not isinstance(self.exemplars, FrozenMap) or not all(
            isinstance(e, tuple) for e in self.exemplars.values()
        ):
            frozen = FrozenMap({s: tuple(e) for s, e in self.exemplars.items()})
            object.__setattr__(self, "exemplars", frozen)
        if not isinstance(self.relations, FrozenMap):
            object.__setattr__(self, "relations", FrozenMap(self.relations))
        if not isinstance(self.order, tuple):
            object.__setattr__(self, "order", tuple(self.order))
        if not isinstance(self.lost, frozenset):
            object.__setattr__(self, "lost", frozenset(self.lost))
        if not self.order:
            object.__setattr__(self, "order", _topological(self.exemplars, tuple(self.exemplars)))

    # --- construction ------------------------------------------------------------------

    @classmethod
    def chain(cls, sigla: Sequence[str]) -> Stemma:
        """A one-path stemma: each witness copied from the one before it."""
        if isinstance(sigla, str):
            sigla = [s.strip() for s in sigla.split(",") if s.strip()]
        sigla = tuple(sigla)
        dup = sorted({s for s in sigla if sigla.count(s) > 1})
        if dup:
            raise WitnessError(f"the chain names {', '.join(dup)} more than once")
        if len(sigla) < 2:
            raise WitnessError(
                f"an alteration chain needs at least two witnesses, got {list(sigla)}",
                hint="give them in the order the text passed through them, e.g. H,T,K56",
            )
        exemplars = {s: ((sigla[i - 1],) if i else ()) for i, s in enumerate(sigla)}
        return cls(FrozenMap(exemplars), FrozenMap(), sigla)

    @classmethod
    def parse(cls, text: str, *, name: str = "stemma") -> Stemma:
        """A stemma from its edges ``"H>T, T>K56, K56>CW, T>PSS"`` (exemplar>copy, separated
        by commas), as the command line's ``--stemma`` takes it; ``name`` names the option
        in the messages."""
        exemplars: dict[str, list[str]] = {}
        order: list[str] = []
        for part in text.split(","):
            part = part.strip()
            if not part:
                continue
            if ">" not in part:
                raise InputError(
                    f"{name}: {part!r} is not an edge exemplar>copy",
                    hint="e.g. 'H>T,T>K56,K56>CW,T>PSS'",
                )
            left, right = (s.strip() for s in part.split(">", 1))
            if not left or not right:
                raise InputError(f"{name}: {part!r} lacks a siglum on one side")
            for s in (left, right):
                if s not in exemplars:
                    exemplars[s] = []
                    order.append(s)
            exemplars[right].append(left)
        if len(order) < 2:
            raise InputError(f"{name} needs at least one edge exemplar>copy")
        return cls.from_mapping(exemplars, order=order)

    @classmethod
    def from_mapping(
        cls,
        exemplars: Mapping[str, Iterable[str]],
        relations: Mapping[str, str] | None = None,
        order: Sequence[str] = (),
        lost: Iterable[str] = (),
    ) -> Stemma:
        """A stemma from ``{siglum: [exemplars]}``; checks that it is acyclic and closed.
        ``lost`` names the witnesses that are in no collation (lost or unheld exemplars)."""
        ex = {s: tuple(e) for s, e in exemplars.items()}
        for s, es in ex.items():
            for e in es:
                if e not in ex:
                    raise WitnessError(
                        f"stemma: {s!r} names exemplar {e!r}, which is not in the stemma",
                        hint=f"use one of: {', '.join(ex)}",
                    )
                if e == s:
                    raise WitnessError(f"stemma: {s!r} names itself as its exemplar")
        rel = dict(relations or {})
        for s, r in rel.items():
            if r not in RELATIONS:
                raise WitnessError(
                    f"stemma: unknown relation {r!r} for {s!r}",
                    hint=f"use one of: {', '.join(sorted(RELATIONS))}",
                )
        gone = frozenset(lost)
        if gone - ex.keys():
            raise WitnessError(f"stemma: lost {sorted(gone - ex.keys())} not in the stemma")
        return cls(FrozenMap(ex), FrozenMap(rel), _topological(ex, tuple(order) or tuple(ex)), gone)

    # --- queries -----------------------------------------------------------------------

    @property
    def sigla(self) -> tuple[str, ...]:
        """The witnesses, exemplars before copies."""
        return self.order

    @property
    def edges(self) -> tuple[tuple[str, str], ...]:
        """Every ``(exemplar, copy)`` pair, in :attr:`order` of the copy."""
        return tuple((e, s) for s in self.order for e in self.exemplars.get(s, ()))

    @property
    def roots(self) -> tuple[str, ...]:
        """The witnesses with no exemplar."""
        return tuple(s for s in self.order if not self.exemplars.get(s))

    def relation(self, siglum: str) -> str:
        """How ``siglum`` was made from its exemplars (``"copy"`` unless the stemma says)."""
        if not self.exemplars.get(siglum):
            return self.relations.get(siglum, "original")
        return self.relations.get(siglum, "copy")

    def copies(self, siglum: str) -> tuple[str, ...]:
        """The witnesses made from ``siglum``."""
        return self._copies.get(siglum, ())

    # The report asks these of every alteration (tens of thousands in a book's): each is
    # found once per witness.  A stemma is immutable, so what it gives stays true.

    @cached_property
    def _copies(self) -> dict[str, tuple[str, ...]]:
        made: dict[str, list[str]] = {}
        for s in self.order:
            for e in dict.fromkeys(self.exemplars.get(s, ())):
                made.setdefault(e, []).append(s)
        return {e: tuple(c) for e, c in made.items()}

    @cached_property
    def _found(self) -> dict[tuple[str, bool], tuple[str, ...]]:
        return {}

    def descendants(self, siglum: str) -> tuple[str, ...]:
        """Every witness that descends from ``siglum``, in :attr:`order`."""
        return self._reach(siglum, down=True)

    def ancestors(self, siglum: str) -> tuple[str, ...]:
        """Every witness ``siglum`` descends from, in :attr:`order`."""
        return self._reach(siglum, down=False)

    def _reach(self, siglum: str, *, down: bool) -> tuple[str, ...]:
        """Every witness reached from ``siglum`` by copies (``down``) or by exemplars, in
        :attr:`order`; found once per witness and direction."""
        key = (siglum, down)
        got = self._found.get(key)
        if got is None:
            step = self.copies if down else (lambda s: self.exemplars.get(s, ()))
            found: set[str] = set()
            todo = [siglum]
            while todo:
                for s in step(todo.pop()):
                    if s not in found:
                        found.add(s)
                        todo.append(s)
            got = self._found[key] = tuple(s for s in self.order if s in found)
        return got

    def nearest(self, siglum: str, keep: Container[str], *, down: bool = False) -> tuple[str, ...]:
        """The nearest witnesses in ``keep`` up the stemma from ``siglum`` (its exemplars,
        theirs...; with ``down``, its copies), nearest first: a path stops at the first one."""
        step = self.copies if down else (lambda s: self.exemplars.get(s, ()))
        out: list[str] = []
        todo = list(step(siglum))
        seen: set[str] = set()
        while todo:
            s = todo.pop(0)
            if s in seen:
                continue
            seen.add(s)
            if s in keep:
                out.append(s)
            else:
                todo.extend(step(s))
        return tuple(dict.fromkeys(out))

    def restricted(self, sigla: Iterable[str]) -> Stemma:
        """The stemma among ``sigla`` only: a dropped witness's copies inherit its exemplars."""
        keep = set(sigla)
        ex = {s: self.nearest(s, keep) for s in self.order if s in keep}
        rel = {s: r for s, r in self.relations.items() if s in keep}
        return Stemma(FrozenMap(ex), FrozenMap(rel), tuple(s for s in self.order if s in keep))

    def __contains__(self, siglum: object) -> bool:
        return siglum in self.exemplars

    def __iter__(self) -> Iterator[str]:
        return iter(self.order)

    def __len__(self) -> int:
        return len(self.order)

    @property
    def is_chain(self) -> bool:
        """True for a stemma with one path (each witness copied from the one before)."""
        return all(
            self.exemplars.get(s, ()) == ((self.order[i - 1],) if i else ())
            for i, s in enumerate(self.order)
        )

    def __str__(self) -> str:
        if self.is_chain:
            return " → ".join(self.order)
        parts = []
        for s in self.order:
            ex = self.exemplars.get(s, ())
            parts.append(f"{', '.join(ex)} → {s}" if ex else f"{s} (root)")
        return "; ".join(parts)


def _topological(
    exemplars: Mapping[str, tuple[str, ...]], preferred: tuple[str, ...]
) -> tuple[str, ...]:
    """The sigla with every exemplar before its copies, otherwise in ``preferred`` order."""
    rank = {s: i for i, s in enumerate(preferred)}
    done: list[str] = []
    placed: set[str] = set()
    pending = sorted(exemplars, key=lambda s: rank.get(s, len(rank)))
    while pending:
        for s in pending:
            if all(e in placed for e in exemplars[s]):
                done.append(s)
                placed.add(s)
                pending.remove(s)
                break
        else:
            raise WitnessError(
                f"the stemma has a cycle among {', '.join(pending)}",
                hint="an exemplar must be older than its copies",
            )
    return tuple(done)
