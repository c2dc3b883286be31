"""How the map picture looks: its sizes (px at `DPI`, font sizes in pt) and colours.

One place for the look, read by the layout (sizes), the fonts (sizes) and the drawing
(colours); see `map_picture` for what the picture shows.
"""

from __future__ import annotations

WIDTH = 1080  # px: a phone screen's width
DPI = 150
NAME_PT = 12.5  # names (26 px); nothing on the picture is smaller than SMALL_PT
SMALL_PT = 12.0
TITLE_PT = 17.0
RADIUS = 515  # px, the outer ring
CENTRE_RADIUS = 72  # px, the student's disc
TOP = 96  # px above the target, for the title
ROW = 40  # px per legend row
LABEL_H = 30  # px, the height of one person's label
MARK = 15  # px per support mark
MAX_NAME_PX = 230  # longer names are shortened with "…"
MIN_NAME_PX = 60  # ... and, in a crowded cell, step by step down to this
SHORTEN_STEP = 16
PAD = 4  # px kept clear around labels and inside ring/sector edges
STEP = 6  # px between candidate spots
CAPTION_LINE = 30  # px per line of a part of life's caption
CAPTION_PX = 210  # a part of life's caption wraps at this width
PACKING = 2.2  # area a cell needs per px² of its labels (wedges do not tile rectangles)
BASE_SHARE = 0.35  # of an even split, what every sector and ring gets before demand
EMPTY_BAND = 40  # px, the narrowest a ring with nobody in it gets
TRIES = 6  # layouts tried, giving overflowing cells more room each time
TRIES_FOR_NAMES = 3  # ... but only this many when everyone fits and names are just shortened
BOOST = 1.3  # how much more room an overflowing cell asks for on the next try

INK = "#1f2430"
MUTED = "#80858f"
RING_LINE = "#b9bdc4"
NEUTRAL_TINT = "#b4bac6"  # the rings' swatches in the legend
CENTRE = "#27304a"
STAR = "#f2b705"
# Sector tints (light) and caption inks (dark) per part of life, cycled if more are configured.
SECTOR_TINTS = ("#f6d5c3", "#cfe3f3", "#d9ecd0", "#f3e3b5", "#e4d5ef", "#cdeae6", "#f2d3de")
SECTOR_INKS = ("#9a4a1f", "#22598a", "#3d6e2b", "#7d6210", "#5f3f86", "#1d6b61", "#8e3458")
# Support marks: colour-blind-safe colours (Okabe-Ito) and distinct shapes.
MARK_COLOURS = ("#d55e00", "#0072b2", "#cc79a7", "#009e73", "#e69f00", "#56b4e9", "#000000")
MARK_SHAPES = ("o", "s", "^", "D", "v", "p", "h", "8")
