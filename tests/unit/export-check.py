# tests/unit/export-check.py — structural checks of the chrome, svg and
# asciicast exports (run by test-export-formats.sh when python3 exists).
# Usage: python3 export-check.py FORMAT FILE NAME... ; prints one line per
# failed check and exits 1 if any failed.
import json
import re
import sys
import xml.etree.ElementTree as ET

fmt, path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
bad = []


def fail(msg):
    bad.append(msg)


def chrome():
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    for k in ("traceEvents", "displayTimeUnit", "metadata"):
        if k not in d:
            fail("no %s" % k)
    evs = d["traceEvents"]
    tracks = {}
    for e in evs:
        if e.get("ph") == "M" and e.get("name") == "thread_name":
            tracks[(e["pid"], e["tid"])] = e["args"]["name"]
    for n in names:
        if n not in tracks.values():
            fail("no track named %r" % n)
    slices = {}
    for e in evs:
        if e.get("ph") != "X":
            continue
        if not isinstance(e.get("ts"), (int, float)) or e["ts"] < 0:
            fail("bad ts %r" % e)
        if not isinstance(e.get("dur"), (int, float)) or e["dur"] < 0:
            fail("bad dur %r" % e)
        if (e["pid"], e["tid"]) not in tracks:
            fail("slice on an unnamed track %r" % e)
        slices.setdefault((e["pid"], e["tid"]), []).append(e)
    for key, sl in slices.items():
        sl.sort(key=lambda e: e["ts"])
        for a, b in zip(sl, sl[1:]):
            # 1 ns of slack for the microsecond rounding of ts + dur
            if a["ts"] + a["dur"] > b["ts"] + 0.0015:
                fail("overlap on %s: %r then %r" % (tracks[key], a, b))
    flows = {}
    for e in evs:
        if e.get("ph") in ("s", "f"):
            flows.setdefault(e["id"], []).append(e)
    if not flows:
        fail("no flow events")
    for fid, fl in flows.items():
        phs = sorted(x["ph"] for x in fl)
        if phs != ["f", "s"]:
            fail("flow %r does not pair: %r" % (fid, phs))
            continue
        s = [x for x in fl if x["ph"] == "s"][0]
        f = [x for x in fl if x["ph"] == "f"][0]
        if s["ts"] > f["ts"]:
            fail("flow %r goes back in time" % fid)
        if s["tid"] == f["tid"]:
            fail("flow %r does not go from one thread to another" % fid)
        # the start is inside a slice of the dropping thread
        inside = [x for x in slices.get((s["pid"], s["tid"]), [])
                  if x["ts"] <= s["ts"] <= x["ts"] + x["dur"]]
        if not inside:
            fail("flow %r start is in no slice" % fid)
    kinds = {e.get("ph") for e in evs}
    for ph in ("M", "X", "s", "f", "i", "C"):
        if ph not in kinds:
            fail("no %r event" % ph)
    insts = {e["name"] for e in evs if e.get("ph") == "i"}
    for n in ("output", "drop request", "annotation"):
        if n not in insts:
            fail("no instant %r" % n)
    print("chrome: %d events, %d tracks, %d flows" % (len(evs), len(tracks),
                                                     len(flows)))


def svg():
    t = ET.parse(path)
    ns = "{http://www.w3.org/2000/svg}"
    root = t.getroot()
    if root.tag != ns + "svg":
        fail("root is %s" % root.tag)
    plot = [g for g in root.iter(ns + "g") if g.get("class") == "plot"]
    if len(plot) != 1:
        fail("no plot group")
        return
    x0, x1 = float(plot[0].get("data-x0")), float(plot[0].get("data-x1"))
    lanes = [g for g in root.iter(ns + "g") if g.get("class") == "lane"]
    gils = [g for g in root.iter(ns + "g") if g.get("class") == "gil"]
    want = int(names[0])
    if len(lanes) != want:
        fail("%d lane rows, want %d" % (len(lanes), want))
    if not gils:
        fail("no GIL row")
    labels = [tx.text for g in lanes + gils for tx in g.iter(ns + "text")]
    for n in names[1:]:
        if n not in labels:
            fail("no row named %r" % n)
    nbars = 0
    for r in root.iter(ns + "rect"):
        if r.get("class") != "bar":
            continue
        nbars += 1
        x, w = float(r.get("x")), float(r.get("width"))
        if x < x0 - 0.01 or x + w > x1 + 0.01 or w <= 0:
            fail("bar outside the axis: %r" % r.attrib)
    if nbars == 0:
        fail("no bars")
    ticks = [tx.text for tx in root.iter(ns + "text")
             if tx.get("class") == "tick"]
    if len(ticks) < 2 or not all(re.match(r"^[0-9.]+ (ns|µs|ms|s)$", x)
                                 for x in ticks):
        fail("tick labels: %r" % ticks)
    print("svg: %d lanes, %d bars, ticks %s" % (len(lanes), nbars, ticks))


def asciicast():
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    h = json.loads(lines[0])
    if h.get("version") != 2 or not isinstance(h.get("width"), int) or \
            not isinstance(h.get("height"), int):
        fail("bad header %r" % h)
    if names and names[0].startswith("size="):
        w, hh = names[0][5:].split("x")
        if (h["width"], h["height"]) != (int(w), int(hh)):
            fail("size %dx%d, want %s" % (h["width"], h["height"],
                                          names[0][5:]))
        rest = names[1:]
    else:
        rest = names
    last = -1.0
    text = []
    for ln in lines[1:]:
        t, kind, data = json.loads(ln)
        if kind != "o":
            fail("event kind %r" % kind)
        if not t > last:
            fail("time %r after %r" % (t, last))
        last = t
        text.append(data)
    if len(lines) < 3:
        fail("fewer than two frames")
    plain = re.sub(r"\x1b(\[[0-9;?]*[A-Za-z]|\([0B]|[=>]|\][^\x07]*\x07)",
                   "", "".join(text))
    for n in rest:
        if n not in plain:
            fail("the screen never shows %r" % n)
    print("asciicast: %d frames over %.2f s" % (len(lines) - 1, last))


{"chrome": chrome, "svg": svg, "asciicast": asciicast}[fmt]()
for b in bad[:20]:
    print("FAIL: " + b)
sys.exit(1 if bad else 0)
