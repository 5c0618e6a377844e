"""A real browser against a real notebook server: Debian's jupyter-notebook on
loopback with the installed petri kernel, headless Chromium driven by Selenium. It
opens a notebook, runs a cell that draws a plot and asserts that the image is shown.
The screenshot is kept in $PETRI_ARTIFACTS (default out/artifacts)."""

import json
import os
import socket
import subprocess
import tempfile
import time
import unittest
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.environ.get("PETRI_ARTIFACTS", os.path.join(ROOT, "out", "artifacts"))

PLOT_CELL = """p := plot.New()
p.Title.Text = "sine"
pts := make(plotter.XYs, 100)
for i := range pts {
	pts[i].X = float64(i) / 10
	pts[i].Y = math.Sin(pts[i].X)
}
line, err := plotter.NewLine(pts)
if err != nil {
	panic(err)
}
p.Add(line)
p"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BrowserTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": "plot", "metadata": {},
                         "outputs": [], "source": PLOT_CELL}],
              "metadata": {"kernelspec": {"name": "petri", "display_name": "Go (petri)", "language": "go"}},
              "nbformat": 4, "nbformat_minor": 5}
        with open(os.path.join(self.dir.name, "plot.ipynb"), "w") as f:
            json.dump(nb, f)
        self.port, self.token = free_port(), "petri-test"
        self.log = open(os.path.join(self.dir.name, "server.log"), "w")
        self.server = subprocess.Popen(
            ["jupyter-notebook", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
             f"--NotebookApp.token={self.token}", f"--notebook-dir={self.dir.name}", "--allow-root"],
            stdout=subprocess.DEVNULL, stderr=self.log)
        url = f"http://127.0.0.1:{self.port}/api?token={self.token}"
        for _ in range(100):
            try:
                urllib.request.urlopen(url, timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        else:
            self.fail("the notebook server did not start")
        opts = webdriver.ChromeOptions()
        opts.binary_location = "/usr/bin/chromium"
        for a in ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,900", f"--user-data-dir={self.dir.name}/chrome"]:
            opts.add_argument(a)
        self.driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)

    def tearDown(self):
        if any(e for _, e in (self._outcome.result.errors + self._outcome.result.failures) if e):
            os.makedirs(ARTIFACTS, exist_ok=True)
            self.driver.save_screenshot(os.path.join(ARTIFACTS, "browser-failure.png"))
            with open(os.path.join(self.dir.name, "server.log")) as f:
                print("notebook server log:\n" + f.read()[-3000:])
        self.driver.quit()
        self.server.terminate()
        self.server.wait(timeout=20)
        self.log.close()
        self.dir.cleanup()

    def test_plot_is_shown(self):
        d = self.driver
        d.get(f"http://127.0.0.1:{self.port}/notebooks/plot.ipynb?token={self.token}")
        wait = WebDriverWait(d, 60)
        # Wait for the petri kernel to be ready, then run the cell.
        wait.until(lambda d: d.execute_script(
            "return window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && "
            "Jupyter.notebook.kernel.is_connected() && Jupyter.notebook.kernel.name"))
        self.assertEqual(d.execute_script("return Jupyter.notebook.kernel.name"), "petri")
        d.execute_script("Jupyter.notebook.execute_all_cells()")
        img = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, ".output_area img")))
        wait.until(lambda d: d.execute_script("return arguments[0].complete && arguments[0].naturalWidth", img))
        natural = d.execute_script("return [arguments[0].naturalWidth, arguments[0].naturalHeight]", img)
        shown = d.execute_script("return [arguments[0].clientWidth, arguments[0].clientHeight]", img)
        os.makedirs(ARTIFACTS, exist_ok=True)
        shot = os.path.join(ARTIFACTS, "browser-plot.png")
        d.save_screenshot(shot)
        print(f"\nimage {natural[0]}x{natural[1]} px shown at {shown[0]}x{shown[1]}; screenshot {shot}")
        self.assertGreater(natural[0], 100)
        # Drawn at 2x for retina, shown at 1x thanks to the size metadata.
        self.assertAlmostEqual(shown[0] * 2, natural[0], delta=4)


if __name__ == "__main__":
    unittest.main(verbosity=2)
