"""AIBRI Desktop: assess a country's exposure to the AI Belt and Road, offline."""

__version__ = "0.1.0"
APP_NAME = "AIBRI Desktop"
APP_ID = "aibri-desktop"
