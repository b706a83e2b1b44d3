"""``python -m warsignals.demo OUT_DIR``: write the synthetic demo corpus and its planted truth."""

import sys

from warsignals.demo.generate import main

sys.exit(main())
