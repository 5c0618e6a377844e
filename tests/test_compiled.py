"""Issue 15: compiled cells, through the real Jupyter stack.

The installed petri kernel, started by jupyter_client, compiles the functions and
types a cell declares (as a Go plugin) and keeps the state in the interpreter. Each
test checks one promise of the issue: state kept across a compiled and an
interpreted cell, redefinition, error positions, interrupt, panic, and that the
execute_reply's metadata says what compiled. Every wait is bounded.

Run by tests/run.sh (needs the petri kernelspec installed)."""

import os
import time
import unittest

from jupyter_client.manager import KernelManager

TIMEOUT = 180  # the first build of a session compiles Go's runtime for plugins once


class Kernel:
    def __init__(self):
        self.km = KernelManager(kernel_name="petri")
        env = dict(os.environ)
        env["PETRI_COMPILE"] = "auto"
        self.km.start_kernel(env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=60)

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)

    def run(self, code, timeout=TIMEOUT, interrupt_after=None):
        """Runs code; returns (reply, stdout, stderr, error, result text)."""
        msg_id = self.kc.execute(code)
        out, err, error, result = [], [], None, None
        deadline = time.monotonic() + timeout
        interrupted = False
        while True:
            if interrupt_after is not None and not interrupted and time.monotonic() > interrupt_after:
                self.km.interrupt_kernel()
                interrupted = True
            try:
                msg = self.kc.get_iopub_msg(timeout=0.2)
            except Exception:
                if time.monotonic() > deadline:
                    raise AssertionError(f"no idle within {timeout} s for {code!r}")
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            t, c = msg["msg_type"], msg["content"]
            if t == "stream":
                (out if c["name"] == "stdout" else err).append(c["text"])
            elif t == "error":
                error = c
            elif t == "execute_result":
                result = c["data"]["text/plain"]
            elif t == "status" and c["execution_state"] == "idle":
                break
        reply = self.kc.get_shell_msg(timeout=30)
        return reply, "".join(out), "".join(err), error, result


class CompiledCells(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.k = Kernel()

    @classmethod
    def tearDownClass(cls):
        cls.k.close()

    def test_1_compiled_and_interpreted_share_state(self):
        reply, out, _, error, _ = self.k.run(
            "func sumTo(n int) float64 {\n"
            "\ts := 0.0\n"
            "\tfor i := 0; i < n; i++ {\n"
            "\t\ts += float64(i)\n"
            "\t}\n"
            "\treturn s\n"
            "}\n"
            "total := sumTo(1000)\n"
            "fmt.Println(total)")
        self.assertIsNone(error, error)
        self.assertEqual(out, "499500\n")
        self.assertEqual(reply["metadata"]["petri"]["compiled"], ["sumTo"])
        # An interpreted cell reads the variable the compiled call produced, and a
        # later compiled function takes it as an argument.
        reply, out, _, error, _ = self.k.run(
            "func half(x float64) float64 { return x / 2 }\n"
            "total += 1\n"
            "fmt.Println(half(total), sumTo(3))")
        self.assertIsNone(error, error)
        self.assertEqual(out, "249750.5 3\n")

    def test_2_redefinition_rebuilds(self):
        self.k.run("//petri:compile\nfunc scale(x float64) float64 { return 2 * x }")
        reply, out, _, error, _ = self.k.run("//petri:compile\nfunc scale(x float64) float64 { return 3 * x }\nfmt.Println(scale(2))")
        self.assertIsNone(error, error)
        self.assertEqual(out, "6\n")
        self.assertEqual(reply["metadata"]["petri"]["compiled"], ["scale"])
        # Running the same cell again costs no build.
        reply, out, _, _, _ = self.k.run("//petri:compile\nfunc scale(x float64) float64 { return 3 * x }\nfmt.Println(scale(2))")
        self.assertTrue(reply["metadata"]["petri"]["build_cached"], reply["metadata"])

    def test_3_compile_error_points_at_the_cell(self):
        reply, _, _, error, _ = self.k.run("//petri:compile\nfunc bad() int {\n\treturn \"x\"\n}")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn(":3:9:", error["evalue"])
        self.assertRegex(error["evalue"], r"cell\[\d+\]:3:9: cannot use \"x\"")

    def test_4_panic_fails_the_cell_kernel_lives(self):
        self.k.run("//petri:compile\nfunc at(xs []int, i int) int {\n\treturn xs[i]\n}")
        reply, _, _, error, _ = self.k.run("at([]int{1}, 5)")
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("index out of range [5] with length 1", error["evalue"])
        self.assertIn("at [compiled]", "\n".join(error["traceback"]))
        reply, out, _, error, _ = self.k.run("fmt.Println(at([]int{7}, 0))")
        self.assertIsNone(error, error)
        self.assertEqual(out, "7\n")

    def test_5_interrupt(self):
        # A compiled loop that checks ctx stops at the interrupt.
        reply, _, _, _, _ = self.k.run(
            "func spin(ctx context.Context) int {\n"
            "\tn := 0\n"
            "\tfor ctx.Err() == nil {\n"
            "\t\tn++\n"
            "\t}\n"
            "\treturn n\n"
            "}")
        self.assertEqual(reply["metadata"]["petri"]["compiled"], ["spin"])
        start = time.monotonic()
        reply, _, _, error, _ = self.k.run("spin(ctx)", timeout=60, interrupt_after=time.monotonic() + 1.5)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("interrupted", error["evalue"])
        self.assertLess(time.monotonic() - start, 30)
        reply, out, _, error, _ = self.k.run("fmt.Println(\"alive\")")
        self.assertEqual(out, "alive\n")

    def test_6_interpreted_when_asked(self):
        reply, out, _, error, _ = self.k.run("//petri:interpret\nfunc twice(x int) int { return 2 * x }\nfmt.Println(twice(4))")
        self.assertIsNone(error, error)
        self.assertEqual(out, "8\n")
        self.assertNotIn("petri", reply["metadata"])


if __name__ == "__main__":
    unittest.main()
