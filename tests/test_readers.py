"""MaxWell and NWB files petri writes are read by tools no one here wrote, and petri
reads a MaxWell file written by h5py to neo's expectations (issue 10):

- neo.rawio.MaxwellRawIO (Debian python3-neo) reads a MaxOne .raw.h5 written by
  `maxwell.Write`: channels, electrodes, sampling rate, µV gain and every sample;
- `maxwell.Read` reads a .raw.h5 written here with h5py in MaxWell's own layout
  (compound mapping and spikes tables, uint16 raw), after neo has read it too;
- an NWB file written by `nwb.Write` opens in h5py with the NWB groups, typed
  attributes, the 208,277 spikes of TC89 (../shared/data README) and the raw traces.

petri's side runs in tests/readers.go through `petri script`."""

import os
import subprocess
import tempfile
import unittest

import h5py
import numpy as np
from neo.rawio import MaxwellRawIO

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PETRI = os.environ.get("PETRI", os.path.join(ROOT, "petri"))
SCRIPT = os.path.join(ROOT, "tests", "readers.go")
TC89 = os.path.join(ROOT, "..", "shared", "data", "sjemea-hippocampal-tc89", "TC89_DIV15_A.nexTimestamps")


def petri(*args):
    r = subprocess.run([PETRI, "script", SCRIPT, *args], capture_output=True, text=True, timeout=300)
    if r.returncode != 0:
        raise AssertionError(f"petri script {' '.join(args)} failed:\n{r.stdout}\n{r.stderr}")
    out = {}
    for line in r.stdout.strip().split("\n"):
        k, _, v = line.partition(" ")
        out[k] = v
    return out


def nums(s, t=float):
    return [t(x) for x in s.split()] if s else []


class MaxwellTest(unittest.TestCase):
    def test_neo_reads_petri(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "petri.raw.h5")
            wrote = petri("write-maxwell", path)
            io = MaxwellRawIO(filename=path)
            io.parse_header()
            chans = io.header["signal_channels"]
            electrodes = nums(wrote["electrodes"], int)
            self.assertEqual(len(chans), len(electrodes))
            self.assertEqual([c["name"] for c in chans], [f"ch{k} elec{e}" for k, e in enumerate(electrodes)])
            self.assertEqual(float(chans[0]["sampling_rate"]), 20000.0)
            # 3.3 V / (1024 · 512) = 6.29 µV per count, the paper's array at gain 512.
            self.assertAlmostEqual(float(chans[0]["gain"]), 3.3e6 / (1024 * 512), places=9)
            self.assertEqual(io.get_signal_size(0, 0, 0), int(wrote["frames"]))
            raw = io.get_analogsignal_chunk(0, 0, 0, 5, 0)  # frames × channels, uint16
            for c in range(len(electrodes)):
                # petri's counts are MaxWell's samples − 512 (mid-scale of the 10-bit ADC).
                self.assertEqual([int(v) - 512 for v in raw[:, c]], nums(wrote[f"counts{c}"], int))
            with h5py.File(path, "r") as f:
                rec = f["wells/well000/rec0000"]
                self.assertEqual(list(rec["spikes/frameno"][:]), [round(t * 20000) for t in nums(wrote["spike_times"])])

    def test_petri_reads_h5py(self):
        # Contiguous raw, and chunked with gzip (read through the HDF5 library's filters).
        for chunks in [None, (3, 1000)]:
            with self.subTest(chunks=chunks):
                self.read_h5py(chunks)

    def read_h5py(self, chunks):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "h5py.raw.h5")
            nch, frames = 3, 4500
            rng = np.random.default_rng(7)
            raw = rng.integers(400, 624, size=(nch, frames), dtype=np.uint16)
            electrodes = [220 * 5 + 7, 0, 26399]
            with h5py.File(path, "w") as f:
                f["version"] = np.array([b"20190530"])
                rec = f.create_group("wells/well000/rec0000")
                s = rec.create_group("settings")
                s["sampling"] = np.array([20000.0])
                s["lsb"] = np.array([6.29e-6])
                s["gain"] = np.array([512.0])
                m = np.zeros(nch + 1, dtype=[("channel", "<i4"), ("electrode", "<i4"), ("x", "<f8"), ("y", "<f8")])
                # MaxWell lists unrouted electrodes with channel −1; they must be skipped.
                m["channel"] = [0, 1, -1, 2]
                m["electrode"] = [electrodes[0], electrodes[1], 5000, electrodes[2]]
                m["x"] = [(e % 220) * 17.5 for e in m["electrode"]]
                m["y"] = [(e // 220) * 17.5 for e in m["electrode"]]
                s["mapping"] = m
                g = rec.create_group("groups/routed")
                if chunks:
                    g.create_dataset("raw", data=raw, chunks=chunks, compression="gzip")
                else:
                    g["raw"] = raw
                g["frame_nos"] = np.arange(1000000, 1000000 + frames, dtype=np.uint64)
                sp = np.zeros(3, dtype=[("frameno", "<i8"), ("channel", "<i4"), ("amplitude", "<f4")])
                sp["frameno"] = [1000000 + 200, 1000000 + 2100, 1000000 + 4000]
                sp["channel"] = [2, 0, 1]
                sp["amplitude"] = [-40.5, -61.0, -33.25]
                rec["spikes"] = sp
            io = MaxwellRawIO(filename=path)  # the file is what neo expects
            io.parse_header()
            self.assertEqual(len(io.header["signal_channels"]), nch)
            got = petri("read-maxwell", path)
            self.assertEqual(nums(got["electrodes"], int), electrodes)
            self.assertEqual(int(got["frames"]), frames)
            self.assertEqual(float(got["rate"]), 20000.0)
            self.assertAlmostEqual(float(got["gain"]), 6.29, places=9)
            for c in range(nch):
                self.assertEqual(nums(got[f"counts{c}"], int), [int(v) - 512 for v in raw[c, :5]])
            self.assertEqual(nums(got["last"], int), [int(v) - 512 for v in raw[:, -1]])
            # Times count from the first raw frame.
            self.assertEqual(nums(got["spike_times"]), [0.01, 0.105, 0.2])
            self.assertEqual(nums(got["spike_channels"], int), [2, 0, 1])
            self.assertEqual(nums(got["spike_amplitudes"]), [-40.5, -61.0, -33.25])


class NWBTest(unittest.TestCase):
    def test_h5py_opens_nwb(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "tc89.nwb")
            wrote = petri("write-nwb", path, TC89)
            with h5py.File(path, "r") as f:
                for g in ["acquisition", "analysis", "processing", "stimulus/presentation", "general/devices",
                          "general/extracellular_ephys/electrodes", "units"]:
                    self.assertIsInstance(f[g], h5py.Group, g)
                self.assertEqual(f["units"].attrs["neurodata_type"][0], b"Units")
                self.assertEqual(f["general/extracellular_ephys/electrodes"].attrs["neurodata_type"][0], b"DynamicTable")
                self.assertEqual(f["general/extracellular_ephys/array"].attrs["neurodata_type"][0], b"ElectrodeGroup")
                # TC89: 59 channels, 208,277 spikes; ch_12A has 5,368 (data README).
                self.assertEqual(int(wrote["spikes"]), 208277)
                self.assertEqual(f["units/spike_times"].shape, (208277,))
                idx = f["units/spike_times_index"][:]
                self.assertEqual((len(idx), idx[0], idx[-1]), (59, 5368, 208277))
                self.assertEqual(f["general/extracellular_ephys/electrodes/electrode_name"][0], b"12")
                self.assertEqual(list(f["general/extracellular_ephys/electrodes/rel_y"][:2]), [200.0, 400.0])
                self.assertEqual(f["identifier"][0], b"petri-tc89.nwb")
            with h5py.File(path + ".raw.nwb", "r") as f:
                es = f["acquisition/ElectricalSeries"]
                self.assertEqual(es.attrs["neurodata_type"][0], b"ElectricalSeries")
                self.assertEqual(es["data"].shape, (5000, 4))
                gain = 3.3 / (1024 * 512)  # V per count
                want = np.array(nums(wrote["counts0"])) * gain
                np.testing.assert_allclose(es["data"][:5, 0], want, rtol=1e-6)
                self.assertEqual(es["timestamps"][1], 1 / 20000)


if __name__ == "__main__":
    unittest.main(verbosity=2)
