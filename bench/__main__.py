"""Benchmarks: ``make bench`` (``python -m bench``). They print figures and never assert.

``python -m bench`` runs every benchmark in turn; ``python -m bench NAME [options]`` runs
one (``python -m bench NAME --help`` lists its options). Each module in ``BENCHMARKS`` has a
``main(argv)``.
"""

import importlib
import signal
import sys

BENCHMARKS = {
    "results": "bench.results",
    "load": "bench.load",
    "faults": "bench.faults",
    "cpu": "bench.cpu",
    "caches": "bench.caches",
    "page_weight": "bench.page_weight",
    "page_weight_client": "bench.page_weight_client",
}


def _exit_cleanly_on_sigterm() -> None:
    """SIGTERM (kill, or a CI timeout) exits through the ``with`` blocks, so gunicorn and any
    throwaway PostgreSQL cluster are stopped and temporary files removed. Background jobs
    of a non-interactive shell ignore Ctrl-C's SIGINT, so SIGTERM is how they are stopped.
    """
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def main(argv: list[str]) -> None:
    _exit_cleanly_on_sigterm()
    if argv and argv[0] in ("-h", "--help"):
        print(__doc__)
        print("benchmarks:", ", ".join(BENCHMARKS))
        return
    if argv and argv[0] in BENCHMARKS:
        importlib.import_module(BENCHMARKS[argv[0]]).main(argv[1:])
        return
    if argv:
        sys.exit(f"Unknown benchmark {argv[0]!r}; choose from {', '.join(BENCHMARKS)}")
    for module in BENCHMARKS.values():
        importlib.import_module(module).main([])


if __name__ == "__main__":
    main(sys.argv[1:])
