"""A petri recording is readable by neo (Debian python3-neo), as issue 5 promises:
the raw int16 block with its JSON sidecar opens with neo's RawBinarySignalIO, with
the sampling rate, channel count and µV scaling the sidecar gives, and the samples
equal those petri recorded. The spike events are JSON lines any tool reads."""

import json
import os
import subprocess
import tempfile
import unittest

import neo
import quantities as pq

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PETRI = os.environ.get("PETRI", os.path.join(ROOT, "petri"))


class RecordingTest(unittest.TestCase):
    def test_neo_reads_raw(self):
        with tempfile.TemporaryDirectory() as tmp:
            prefix = os.path.join(tmp, "session")
            r = subprocess.run([PETRI, "script", os.path.join(ROOT, "tests", "record.go"), prefix],
                               capture_output=True, text=True, timeout=300)
            self.assertEqual(r.returncode, 0, r.stderr)
            lines = dict(l.split(" ", 1) for l in r.stdout.strip().split("\n"))
            first = [float(x) for x in lines["first"].split()]

            with open(prefix + ".json") as f:
                meta = json.load(f)
            raw = meta["raw"]
            io = neo.io.RawBinarySignalIO(
                filename=os.path.join(tmp, raw["file"]), dtype=raw["dtype"],
                sampling_rate=raw["sampling_frequency"], nb_channel=raw["num_channels"],
                signal_gain=raw["gain_to_uV"], signal_offset=raw["offset_to_uV"])
            seg = io.read_block().segments[0]
            sig = seg.analogsignals[0]
            self.assertEqual(sig.shape, (5 * 2000, 3))
            self.assertEqual(float(sig.sampling_rate.rescale(pq.Hz)), 20000.0)
            got = [float(v) for v in sig[:5, 0].magnitude]
            for g, w in zip(got, first):
                self.assertAlmostEqual(g, w, places=6)

            with open(prefix + ".events.jsonl") as f:
                ticks = [json.loads(l) for l in f]
            self.assertEqual(len(ticks), 5)
            self.assertEqual(sum(len(t["t"]) for t in ticks), int(lines["spikes"]))


if __name__ == "__main__":
    unittest.main(verbosity=2)
