"""``python -m warsignals.runner SPEC.json``: one notebook of a run with ``jobs > 1``, in its own worker process."""

import sys

from warsignals.runner.pipeline import _worker_main

sys.exit(_worker_main(sys.argv[1:]))
