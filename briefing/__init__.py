"""月度简报: numbered snapshots of a month's figures, the Chinese narrative written from them, and the
fixed 16:9 layout exported offline to PNG, PDF and PPTX. Plain Python; no Streamlit."""
