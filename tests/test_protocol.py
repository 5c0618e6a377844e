"""Protocol behaviour of the installed petri kernel beyond jupyter_kernel_test:
interrupts (message and SIGINT), stdin, control while busy, bad signatures and
malformed frames, restart and shutdown. Uses the real jupyter_client."""

import os
import signal
import time
import unittest
import uuid

import zmq
from jupyter_client.manager import start_new_kernel
from jupyter_client.session import Session

TIMEOUT = 30


class PetriProtocolTests(unittest.TestCase):
    def setUp(self):
        self.km, self.kc = start_new_kernel(kernel_name="petri")

    def tearDown(self):
        self.kc.stop_channels()
        if self.km.is_alive():
            self.km.shutdown_kernel(now=True)

    def run_cell(self, code, allow_stdin=False, timeout=TIMEOUT):
        """Execute code; return (reply content, stdout text, iopub messages)."""
        msg_id = self.kc.execute(code, allow_stdin=allow_stdin)
        return self.collect(msg_id, timeout)

    def collect(self, msg_id, timeout=TIMEOUT):
        reply = self.kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=timeout)
        msgs, out = [], ""
        while True:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            msgs.append(m)
            if m["msg_type"] == "stream" and m["content"]["name"] == "stdout":
                out += m["content"]["text"]
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                break
        return reply["content"], out, msgs

    def test_state_between_cells(self):
        self.run_cell("x := 20")
        self.run_cell("func double(v int) int { return 2 * v }")
        reply, out, msgs = self.run_cell("fmt.Println(double(x) + 2)")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, "42\n")

    def test_busy_input_outputs_idle_order(self):
        reply, out, msgs = self.run_cell('fmt.Println("a")\n7')
        kinds = [m["msg_type"] for m in msgs]
        self.assertEqual(kinds[0], "status")
        self.assertEqual(kinds[1], "execute_input")
        self.assertEqual(kinds[-2], "execute_result")
        self.assertEqual(kinds[-1], "status")

    def interrupt_and_time(self, interrupt):
        self.run_cell("n := 0")
        msg_id = self.kc.execute("for { n++ }")
        time.sleep(0.5)
        t0 = time.monotonic()
        interrupt()
        reply, _, msgs = self.collect(msg_id)
        elapsed = time.monotonic() - t0
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "Interrupted")
        reply, _, msgs = self.run_cell("n > 0")
        results = [m for m in msgs if m["msg_type"] == "execute_result"]
        self.assertEqual(results[0]["content"]["data"]["text/plain"], "true")
        return elapsed

    def test_interrupt_message(self):
        elapsed = self.interrupt_and_time(self.km.interrupt_kernel)
        print(f"\ninterrupt_request stopped a loop in {elapsed * 1000:.0f} ms")

    def test_interrupt_sigint(self):
        elapsed = self.interrupt_and_time(lambda: self.km.signal_kernel(signal.SIGINT))
        print(f"\nSIGINT stopped a loop in {elapsed * 1000:.0f} ms")
        self.assertTrue(self.km.is_alive())

    def test_control_while_busy(self):
        msg_id = self.kc.execute("time.Sleep(2 * time.Second)")
        time.sleep(0.3)
        # kernel_info on the control channel is answered while the cell runs.
        ctl = self.kc.control_channel
        info_id = self.kc.session.msg("kernel_info_request", {})
        self.kc.session.send(ctl.socket, info_id)
        t0 = time.monotonic()
        reply = self.kc.get_control_msg(timeout=5)
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        self.assertLess(time.monotonic() - t0, 1.5)
        self.collect(msg_id)

    def test_stdin(self):
        msg_id = self.kc.execute('var name string\nfmt.Scanln(&name)\nfmt.Println("hello", name)', allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=TIMEOUT)
        self.assertEqual(req["msg_type"], "input_request")
        self.kc.input("petri")
        reply, out, _ = self.collect(msg_id)
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(out, "hello petri\n")

    def test_stdin_refused(self):
        reply, out, _ = self.run_cell('var s string\n_, err := fmt.Scanln(&s)\nfmt.Println(err)')
        self.assertIn("does not accept input", out)

    def test_errors(self):
        reply, _, msgs = self.run_cell("x := 1\ny := x +")
        self.assertEqual(reply["status"], "error")
        self.assertTrue(reply["evalue"].startswith("cell["), reply["evalue"])
        reply, _, msgs = self.run_cell('go func() { panic("in goroutine") }()\ntime.Sleep(time.Second)')
        self.assertEqual(reply["status"], "error")
        self.assertIn("in goroutine", "\n".join(reply["traceback"]))
        reply, out, _ = self.run_cell('fmt.Println("alive")')
        self.assertEqual(out, "alive\n")

    def raw_shell(self):
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.connect(f"{self.km.transport}://{self.km.ip}:{self.km.shell_port}")
        return sock

    def test_bad_signature_is_dropped(self):
        marker = f"/tmp/petri-bad-signature-{uuid.uuid4()}"
        bad = Session(key=b"not-the-key", username="attacker")
        sock = self.raw_shell()
        msg = bad.msg("execute_request", {"code": f'os.WriteFile("{marker}", nil, 0o644)', "silent": False,
                                          "store_history": True, "user_expressions": {}, "allow_stdin": False})
        bad.send(sock, msg)
        # Garbage and malformed frames must not crash the kernel either.
        sock.send_multipart([b"<IDS|MSG>", b"x", b"{", b"{}", b"{}", b"{}"])
        sock.send_multipart([b"no delimiter"])
        time.sleep(1)
        self.assertFalse(os.path.exists(marker), "a message with a bad signature was executed")
        reply, out, _ = self.run_cell('fmt.Println("still here")')
        self.assertEqual(out, "still here\n")
        sock.close(0)

    def test_restart_and_shutdown(self):
        self.run_cell("kept := 1")
        self.km.restart_kernel(now=False)
        self.kc.wait_for_ready(timeout=TIMEOUT)
        reply, _, _ = self.run_cell("kept")
        self.assertEqual(reply["status"], "error")  # a fresh session
        self.km.shutdown_kernel(now=False)
        self.assertFalse(self.km.is_alive())


if __name__ == "__main__":
    unittest.main(verbosity=2)
