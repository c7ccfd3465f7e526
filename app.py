"""ecograph explorer: `ecograph app` (or `streamlit run app.py`) serves it on localhost.

The pages live in ui/ (installed as ecograph.ui); ui/main.py declares them.
"""
from ecograph.ui.main import run

run()
