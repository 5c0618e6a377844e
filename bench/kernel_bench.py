"""Side by side, in one run: petri and ipykernel (Debian's python3-ipykernel) through
the real jupyter_client. Measures kernel start to the first kernel_info_reply, and the
round trip of a trivial cell (execute_request sent to idle status received), p50 and
p99 over N cells, twice: with jupyter_client's blocking client (what front ends pay)
and with a lean client on jupyter_client's Session and sockets (what the kernel costs). Prints ratios; these machines are shared and noisy, so compare the
two kernels within one run, never absolute times across runs.

Usage: python3 bench/kernel_bench.py [--cells 200] [--starts 5]
(needs the petri kernelspec installed: petri install)"""

import argparse
import statistics
import time

from jupyter_client.manager import KernelManager

KERNELS = {"petri": "1", "python3": "1"}


def start_time(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.kernel_info()
    while True:
        msg = kc.get_shell_msg(timeout=60)
        if msg["msg_type"] == "kernel_info_reply":
            break
    elapsed = time.perf_counter() - t0
    # IOPub is a PUB socket: make sure this client's subscription has reached the
    # kernel before timing cells, or the first cell's idle status can be lost.
    kc.wait_for_ready(timeout=60)
    return km, kc, elapsed


def cell_round_trip(kc, code):
    t0 = time.perf_counter()
    msg_id = kc.execute(code)
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                and m["content"]["execution_state"] == "idle":
            break
    dt = time.perf_counter() - t0
    kc.get_shell_msg(timeout=60)
    return dt


class Lean:
    """A thin client on jupyter_client's own Session and sockets (no asyncio wrapper
    around every message), so the round trip measures the kernel, not the client."""

    def __init__(self, km):
        self.session = km.session
        self.shell = km.connect_shell()
        self.iopub = km.connect_iopub()
        time.sleep(0.5)  # let the IOPub subscription reach the kernel

    def round_trip(self, code):
        t0 = time.perf_counter()
        msg = self.session.send(self.shell, "execute_request", {
            "code": code, "silent": False, "store_history": True,
            "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        msg_id = msg["header"]["msg_id"]
        while True:
            _, m = self.session.recv(self.iopub, mode=0)
            if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "status" \
                    and m["content"]["execution_state"] == "idle":
                break
        dt = time.perf_counter() - t0
        self.session.recv(self.shell, mode=0)
        return dt

    def close(self):
        self.shell.close(0)
        self.iopub.close(0)


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cells", type=int, default=200)
    ap.add_argument("--starts", type=int, default=5)
    args = ap.parse_args()
    res = {}
    for name, code in KERNELS.items():
        starts = []
        for _ in range(args.starts):
            km, kc, dt = start_time(name)
            starts.append(dt)
            kc.stop_channels()
            km.shutdown_kernel(now=True)
        km, kc, _ = start_time(name)
        for _ in range(20):  # warm up
            cell_round_trip(kc, code)
        rts = [cell_round_trip(kc, code) for _ in range(args.cells)]
        kc.stop_channels()
        lean = Lean(km)
        for _ in range(20):
            lean.round_trip(code)
        lean_rts = [lean.round_trip(code) for _ in range(args.cells)]
        lean.close()
        km.shutdown_kernel(now=True)
        res[name] = dict(start=statistics.median(starts), p50=pct(rts, 50), p99=pct(rts, 99),
                         lp50=pct(lean_rts, 50), lp99=pct(lean_rts, 99))
        r = res[name]
        print(f"METRIC kernel={name} start_s={r['start']:.3f} cell_p50_ms={r['p50'] * 1e3:.3f} "
              f"cell_p99_ms={r['p99'] * 1e3:.3f} lean_p50_ms={r['lp50'] * 1e3:.3f} "
              f"lean_p99_ms={r['lp99'] * 1e3:.3f} cells={args.cells}")
    p, i = res["petri"], res["python3"]
    print(f"RATIO petri/ipykernel start={p['start'] / i['start']:.2f} cell_p50={p['p50'] / i['p50']:.2f} "
          f"cell_p99={p['p99'] / i['p99']:.2f} lean_p50={p['lp50'] / i['lp50']:.2f} lean_p99={p['lp99'] / i['lp99']:.2f}")


if __name__ == "__main__":
    main()
