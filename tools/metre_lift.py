#!/usr/bin/env python3
"""How much a pianist lifts downbeats: nasap performances of one split, each note's velocity minus the mean of the
33 notes around it, averaged by metrical position from the performance's own annotations (downbeat, other beat,
between beats; a note within 35 ms of an annotation counts as on it). Chords count note by note, so texture (bass
and chords on the beat) is part of the figure, not separated from metre.

    /usr/bin/python3 tools/metre_lift.py [valid|train|test]     (run from the repository root; needs python3-mido)
"""
import bisect
import csv
import statistics
import sys
from pathlib import Path

import mido

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def near(times, t):
    i = bisect.bisect_left(times, t)
    return any(0 <= j < len(times) and abs(times[j] - t) < 0.035 for j in (i - 1, i))


def main(split):
    rows = [r for r in csv.DictReader(open(DATA / "splits" / "split.csv"))
            if r["dataset"] == "nasap" and r["split"] == split and r["kind"] == "performance"]
    lifts = {"downbeat": [], "beat": [], "between": []}
    for r in rows:
        midi = DATA / r["path"]
        annotations = midi.with_name(midi.stem + "_annotations.txt")
        if not annotations.exists():
            continue
        marks = [line.rstrip("\n").split("\t") for line in open(annotations)]
        downbeats = sorted(float(m[0]) for m in marks if m[2].startswith("db"))
        beats = sorted(float(m[0]) for m in marks if m[2].strip() == "b")
        t, notes = 0.0, []
        for msg in mido.MidiFile(midi):
            t += msg.time
            if msg.type == "note_on" and msg.velocity > 0:
                notes.append((t, msg.velocity))
        velocities = [v for _, v in notes]
        for k, (onset, velocity) in enumerate(notes):
            lo, hi = max(0, k - 16), min(len(notes), k + 17)
            local = sum(velocities[lo:hi]) / (hi - lo)
            kind = "downbeat" if near(downbeats, onset) else "beat" if near(beats, onset) else "between"
            lifts[kind].append(velocity - local)
    for kind, values in lifts.items():
        print(f"{kind}: {len(values)} notes, mean {statistics.mean(values):+.2f} velocity steps against the local mean")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "valid")
