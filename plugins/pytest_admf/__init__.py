"""pytest plugin for admf-tsan (registered through the ``pytest11`` entry point as ``admf``)."""
