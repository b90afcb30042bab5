"""The HTML templates: the Jinja2 environment and the rendering of one template.

The templates are shipped in ``rendering/html_templates/`` (autoescaped); a user overrides
any of them with ``templates=<folder>`` (same file names; the shipped ones stay reachable as
``builtin/<name>`` for ``{% extends %}``).  A broken template is a :class:`RenderError` that
names it.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from ...errors import RenderError
from ..labels import INFERRED_MARK, UNATTESTED_MARK
from .markup import _unattested_title
from .views import TYPE_COLOURS

_TEMPLATE_PACKAGE = ("witnesscollate.rendering", "html_templates")


@lru_cache(maxsize=16)
def _environment(folder: str | None) -> jinja2.Environment:
    shipped = jinja2.PackageLoader(*_TEMPLATE_PACKAGE)
    loaders: list[jinja2.BaseLoader] = []
    if folder is not None:
        loaders.append(jinja2.FileSystemLoader(folder))
    loaders += [shipped, jinja2.PrefixLoader({"builtin": shipped})]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["UNATTESTED_MARK"] = UNATTESTED_MARK
    env.globals["INFERRED_MARK"] = INFERRED_MARK
    env.globals["unattested_title"] = _unattested_title
    env.globals["TYPE_COLOURS"] = TYPE_COLOURS
    return env


def environment(templates: str | os.PathLike[str] | None = None) -> jinja2.Environment:
    """The Jinja2 environment: ``templates`` (a folder) first, then the shipped templates."""
    if templates is None:
        return _environment(None)
    folder = Path(os.fspath(templates)).expanduser()
    if not folder.is_dir():
        raise RenderError(
            f"html: the template folder {os.fspath(templates)!r} does not exist",
            hint="give a folder holding templates named like the shipped ones "
            "(page.html, style.css...), or leave templates unset",
        )
    return _environment(str(folder.resolve()))


def render_template(
    name: str, templates: str | os.PathLike[str] | None = None, **context: Any
) -> str:
    """Render one template; a broken (user) template is a :class:`RenderError` naming it."""
    env = environment(templates)
    try:
        return env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as exc:
        raise RenderError(
            f"template syntax error: {exc.message}",
            source=exc.filename or exc.name or name,
            line=exc.lineno,
            hint="fix the template, or remove it from the folder to use the shipped one",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise RenderError(
            f"template {exc.name!r} not found",
            hint="a template folder may override the shipped templates, not remove them",
        ) from None
    except jinja2.TemplateError as exc:
        raise RenderError(
            f"template {name!r} failed: {exc}",
            hint="check the names it uses against the shipped template of the same name",
        ) from None


def shipped_template(templates: str | os.PathLike[str] | None, name: str) -> bool:
    """True unless the template folder has its own ``name`` (``macros.html``: then its
    macros render every unit; ``report.html``: its loops render every row)."""
    return templates is None or not (Path(os.fspath(templates)).expanduser() / name).exists()
