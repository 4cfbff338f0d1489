import signal
import sys

from cli.main import main

# `python -m kpis catalog | head` must end quietly when the reader goes away.
if hasattr(signal, "SIGPIPE"):
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
sys.exit(main())
