"""Reads an asciicast with asciinema's own loader (PyPI: asciinema) and prints what a player would see.

Usage: read_cast.py FILE   -> one JSON object: version, width, height, events, monotonic, text
"""
import json
import sys

from asciinema import asciicast

with asciicast.open_from_url(sys.argv[1]) as cast:
    header = cast.v2_header if hasattr(cast, "v2_header") else {}
    events = list(cast.events())
times = [event[0] for event in events]
print(json.dumps({
    "version": header.get("version"),
    "width": header.get("width"),
    "height": header.get("height"),
    "events": len(events),
    "monotonic": all(a <= b for a, b in zip(times, times[1:])),
    "text": "".join(event[2] for event in events if event[1] == "o"),
}))
