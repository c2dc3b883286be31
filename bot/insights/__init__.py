"""Seeing a network grow: measures, the map picture and coordinator reports.

- `measures`: pure functions from map/ask records to numbers (per student, per cohort,
  per week). No I/O.
- `map_picture`: a student's map as a PNG.
- `report`: coordinator reports (rich tables, CSV, a one-page chart sheet).
- `cohort_report`: a cohort's rows loaded through the store and measured (`orbit report`,
  `/report`); `chat_media`: the pictures `/map` and `/report` send (the Coach's `media`).

Nothing here knows a platform, and only `cohort_report` reads the store: other callers
load the records, pass the configured option lists (`load_catalog(dir).options`), and
send the result. Every word shown to people comes from `prompts/<locale>/insights/`;
`labels(prompts)` gives the short labels (measure names, flag reasons, picture captions)
from `insights/labels.j2`. matplotlib is imported only when a picture or chart is drawn,
so importing this package or `measures` stays cheap.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from bot.core.templates import Prompts
from bot.insights.measures import FEW_DOMAINS
from bot.support.resources import shipped
from bot.vocab.messages import Markup

PROMPTS_ROOT = shipped("prompts")


@cache
def default_prompts() -> Prompts:
    """The repository's English templates, for callers that do not pass their own."""
    return Prompts(PROMPTS_ROOT, "en")


@cache
def labels(prompts: Prompts) -> dict[str, Any]:
    """`insights/labels.j2` rendered and read as YAML: short words keyed by purpose.

    Only fixed words live there (no student text), so reading them as YAML is safe.
    """
    text = prompts.render("insights/labels", Markup.PLAIN, few_domains=FEW_DOMAINS)
    loaded = yaml.safe_load(text)
    if not isinstance(loaded, dict):
        raise ValueError("insights/labels.j2 must render to a YAML mapping")
    return loaded
