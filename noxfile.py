"""Sessions: tests, lint, typecheck, bench.

``nox -s tests`` is the test command the README gives and CI runs.  Sessions run on the
interpreter nox itself runs on (Python >= 3.10), so a fresh machine needs nothing but pip.
"""

from __future__ import annotations

import nox

nox.options.sessions = ["tests", "lint", "typecheck"]
nox.options.reuse_existing_virtualenvs = True


@nox.session(python=None)
def tests(session: nox.Session) -> None:
    """Install the package (a built wheel, so the bundled corpus is tested as installed) and run pytest."""
    session.install(".[test]")
    session.run("pytest", *session.posargs)


@nox.session(python=None)
def lint(session: nox.Session) -> None:
    """ruff (lint and formatting) and import-linter (the layers of docs/architecture.md)."""
    session.install("ruff>=0.5", "import-linter>=2.1", "-e", ".")
    session.run("ruff", "check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "benchmarks", "noxfile.py")
    session.run("lint-imports")


@nox.session(python=None)
def typecheck(session: nox.Session) -> None:
    """mypy --strict on the package."""
    session.install(
        ".[test]", "mypy>=1.10", "lxml-stubs", "pandas-stubs", "types-regex", "types-networkx"
    )
    session.run("mypy")


@nox.session(python=None)
def bench(session: nox.Session) -> None:
    """Benchmarks: native engine against collatex on the same inputs, the pipeline stage by
    stage, then collate_many, then agreement with published hand-corrected collations.

    ``nox -s bench -- --quick`` skips the slowest collatex runs (and collatex in the agreement
    benchmark).  Figures go in docs/benchmarks.md and docs/reliability.md with the command
    that made them.
    """
    session.install(".[test]")
    session.run("python", "-m", "benchmarks", *session.posargs)
    # the pipeline stage by stage, per token (issue 17); --quick: 2 x 100,000 tokens only
    stages = ["--quick"] if "--quick" in session.posargs else []
    session.run("python", "-m", "benchmarks.stages", *stages)
    # every stage from 2 x 10,000 to 2 x 1,000,000 tokens of edited, repeated and moved text:
    # the fitted exponents (--quick: 10,000 to 100,000)
    sizes = ["--sizes", "10000,30000,100000"] if "--quick" in session.posargs else []
    session.run("python", "-m", "benchmarks.scaling", *sizes)
    # every other format, the report, the DataFrames, the Jupyter views and the readers, at
    # 2 x 10,000 to 2 x 1,000,000 tokens: seconds per million base tokens and the exponents
    formats = ["--sizes", "10000", "100000"] if "--quick" in session.posargs else []
    session.run("python", "-m", "benchmarks.formats", *formats)
    # the same at ten witnesses (nine units per hundred base words), 10,000 and 100,000 tokens
    # each; without SVG (Graphviz's layout: minutes at this size)
    ten = ["--witnesses", "10", "--sizes", "10000", "100000", "--skip", "collation svg"]
    session.run("python", "-m", "benchmarks.formats", *ten)
    # resident memory after each stage (10 x 1,000,000; --quick: 2 x 100,000)
    memory = ["2", "100000"] if "--quick" in session.posargs else []
    session.run("python", "-m", "benchmarks.memory", *memory)
    session.run("python", "-m", "benchmarks.bench_many")
    quick = ["--no-collatex"] if "--quick" in session.posargs else []
    session.run("python", "-m", "benchmarks.agreement", *quick)
