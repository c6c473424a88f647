"""AIBRI Desktop: assess a country's exposure to the AI Belt and Road, offline."""

import time

# when the package was first imported (the entry point's first step): the smoke test's
# start-to-window figure where /proc cannot say when the process began
STARTED = time.perf_counter()

__version__ = "0.1.0"
APP_NAME = "AIBRI Desktop"
APP_ID = "aibri-desktop"
