#!/usr/bin/python3
"""An external MIDI client (python3-rtmidi on JACK) for the thru integration tests: not our code on purpose.

send:    midi_peer.py send --client NAME --to PORT < hex-lines      opens NAME:out, connects it to PORT, sends each line
receive: midi_peer.py receive --client NAME --from PORT --count N   opens NAME:in, connects PORT to it, prints N messages as hex

Both print "ready" once their port is connected. The server is $JACK_DEFAULT_SERVER.
"""
import argparse
import subprocess
import sys
import time

import rtmidi


def connect(source, destination):
    subprocess.run(["jack_connect", source, destination], check=True)


def send(args):
    out = rtmidi.MidiOut(rtmidi.API_UNIX_JACK, args.client)
    out.open_virtual_port("out")
    connect(f"{args.client}:out", args.to)
    time.sleep(0.05)  # the connection takes effect at the next cycle boundary
    print("ready", flush=True)
    for line in sys.stdin:
        line = line.strip()
        if line:
            out.send_message(list(bytes.fromhex(line)))
            time.sleep(args.gap_ms / 1000.0)
    time.sleep(0.2)  # let RtMidi's ring drain before the port closes
    del out


def receive(args):
    inp = rtmidi.MidiIn(rtmidi.API_UNIX_JACK, args.client)
    inp.ignore_types(sysex=False, timing=False, active_sense=False)
    inp.open_virtual_port("in")
    connect(args.source, f"{args.client}:in")
    print("ready", flush=True)
    deadline = time.monotonic() + args.timeout
    got = 0
    while got < args.count and time.monotonic() < deadline:
        message = inp.get_message()
        if message is None:
            time.sleep(0.001)
            continue
        print(bytes(message[0]).hex(), flush=True)
        got += 1
    del inp
    return 0 if got == args.count else 1


def main():
    parser = argparse.ArgumentParser()
    sub = parser.add_subparsers(dest="mode", required=True)
    s = sub.add_parser("send")
    s.add_argument("--client", required=True)
    s.add_argument("--to", required=True)
    s.add_argument("--gap-ms", type=float, default=1.0)
    r = sub.add_parser("receive")
    r.add_argument("--client", required=True)
    r.add_argument("--from", dest="source", required=True)
    r.add_argument("--count", type=int, required=True)
    r.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()
    return send(args) if args.mode == "send" else receive(args)


if __name__ == "__main__":
    sys.exit(main() or 0)
