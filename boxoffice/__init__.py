"""BoxOffice: the Qt-free core (domain, services, local store, configuration).

Nothing in this package imports PySide6; the two launchers ``__main__`` and
``screens`` hand over to :mod:`widgets` and are the only way in from here to
the GUI. A whole sale can be run from a Python shell without a display.
"""

__version__ = "0.1.0"
