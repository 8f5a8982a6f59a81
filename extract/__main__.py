"""`python -m extract`: build the database from config.yaml, or extract ad-hoc report files.

An entry point like dashboard.py: the command itself lives in tracker.cli.extract, above every layer.
"""

import sys

from tracker.cli.extract import main

if __name__ == "__main__":
    sys.exit(main())
