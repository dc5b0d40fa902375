"""`python -m tui_news` is the `tui-news` command."""

from __future__ import annotations

import sys

from tui_news.cli import main

sys.exit(main())
