"""One module per `python -m kpis` sub-command; each defines register(subparsers)."""

import json
import sys


def print_json(obj: object) -> None:
    json.dump(obj, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
