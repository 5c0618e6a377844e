#!/usr/bin/env bash
# Installs the Debian packages the tests use (run as root): the real Jupyter stack
# (jupyter_client, jupyter_kernel_test, nbclient, nbformat), ipykernel for the side by
# side benchmark, numpy for the anchors, neo and h5py to read recordings back (MaxWell,
# NWB), for the browser test the classic notebook server, Chromium, its driver and
# Selenium; Slurm and munge for the sweep's single-node cluster test, pandas to read the
# sweep's tables.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
	python3-jupyter-client python3-jupyter-kernel-test python3-nbclient python3-nbformat \
	python3-ipykernel python3-zmq python3-numpy python3-neo \
	jupyter-notebook chromium chromium-driver python3-selenium \
	slurm-wlm munge python3-pandas python3-h5py
