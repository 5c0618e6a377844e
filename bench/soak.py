"""Soak: many cells through the real jupyter_client (its Session and sockets, as the
lean client of kernel_bench.py), reporting the kernel's RSS and the round-trip
latency window by window, and the drift between the first window after warm-up and
the last. A kernel that retains something per cell shows it as RSS and latency
drift (issue 12 item 9: RSS 63 -> 781 MB and p99 10 -> 30 ms over 5 minutes before
the fix).

Usage: python3 bench/soak.py [--cells 10000] [--window 1000] [--kernel petri]
                             [--cell 'x := {i}']   ({i} is the cell number)
(needs the kernelspec installed: petri install)"""

import argparse
import sys
import time

sys.path.insert(0, __file__.rsplit("/", 1)[0])
from kernel_bench import Lean, pct, start_time  # noqa: E402


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


LIVE = ("var __m runtime.MemStats\nruntime.GC()\ndebug.FreeOSMemory()\n"
        "runtime.ReadMemStats(&__m)\nfmt.Println(__m.HeapAlloc)")


def live_heap_mb(lean):
    """A Go kernel's live heap after a collection (and RSS once freed memory is
    returned), asked of the kernel in a cell."""
    msg = lean.session.send(lean.shell, "execute_request", {
        "code": LIVE, "silent": False, "store_history": False,
        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
    out = ""
    while True:
        _, m = lean.session.recv(lean.iopub, mode=0)
        if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        if m["msg_type"] == "stream":
            out += m["content"]["text"]
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    lean.session.recv(lean.shell, mode=0)
    try:
        return int(out) / 2**20
    except ValueError:
        return float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=10000)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--kernel", default="petri")
    ap.add_argument("--cell", default="x := {i}")
    args = ap.parse_args()
    km, kc, _ = start_time(args.kernel)
    kc.stop_channels()
    pid = km.provisioner.process.pid
    if args.kernel.startswith("petri"):
        # The supervisor's child is the kernel itself.
        try:
            with open(f"/proc/{pid}/task/{pid}/children") as f:
                pid = int(f.read().split()[0])
        except (OSError, IndexError, ValueError):
            pass
    lean = Lean(km)
    windows = []
    lat = []
    for i in range(args.cells):
        code = args.cell.format(i=i) if args.kernel == "petri" else args.cell.format(i=i).replace(":=", "=")
        lat.append(lean.round_trip(code))
        if (i + 1) % args.window == 0:
            w = dict(cells=i + 1, rss=rss_mb(pid), p50=pct(lat, 50) * 1e3, p99=pct(lat, 99) * 1e3)
            go = args.kernel.startswith("petri")
            w["live"] = live_heap_mb(lean) if go else float("nan")
            w["rss_freed"] = rss_mb(pid) if go else float("nan")
            windows.append(w)
            print(f"SOAK kernel={args.kernel} cells={w['cells']} rss_mb={w['rss']:.1f} "
                  f"live_heap_mb={w['live']:.1f} rss_after_gc_mb={w['rss_freed']:.1f} "
                  f"p50_ms={w['p50']:.3f} p99_ms={w['p99']:.3f}", flush=True)
            lat = []
    lean.close()
    km.shutdown_kernel(now=True)
    if len(windows) >= 3:
        a, b = windows[1], windows[-1]  # the first window is warm-up
        n = b["cells"] - a["cells"]
        print(f"DRIFT kernel={args.kernel} cells={n} rss_mb={b['rss'] - a['rss']:+.1f} "
              f"rss_kb_per_cell={(b['rss'] - a['rss']) * 1024 / n:+.2f} "
              f"live_heap_kb_per_cell={(b['live'] - a['live']) * 1024 / n:+.2f} "
              f"rss_after_gc_kb_per_cell={(b['rss_freed'] - a['rss_freed']) * 1024 / n:+.2f} "
              f"p50_ratio={b['p50'] / a['p50']:.2f} p99_ratio={b['p99'] / a['p99']:.2f}")


if __name__ == "__main__":
    main()
