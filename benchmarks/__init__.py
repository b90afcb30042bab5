"""Benchmarks: the native aligner against collatex on the same inputs (``python -m benchmarks``).

Every measurement runs in a fresh subprocess (:mod:`benchmarks.worker`), so that peak memory
is that run's own and a collatex run that would take too long or too much memory can be
stopped (a wall-clock timeout and an address-space limit).  Times are wall-clock seconds of
``collate()`` alone; building the witnesses is not timed.
"""
