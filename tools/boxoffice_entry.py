"""Entry script of the PyInstaller bundle (build_installer.spec)."""

from boxoffice.__main__ import main

raise SystemExit(main())
