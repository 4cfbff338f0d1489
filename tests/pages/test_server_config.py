"""The server settings the app depends on (.streamlit/config.toml, read by `python app.py`)."""

import tomllib
from pathlib import Path

CONFIG = Path(__file__).resolve().parents[2] / ".streamlit" / "config.toml"


def test_no_source_file_watcher_on_the_server():
    """With a watcher, each new session's first run ended with a pass over every imported module on
    the server's event loop, stalling all responses for 0.5–0.9 s (docs/decisions.md)."""
    server = tomllib.loads(CONFIG.read_text(encoding="utf-8"))["server"]
    assert server["fileWatcherType"] == "none"
    assert server["runOnSave"] is False

