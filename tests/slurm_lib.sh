# A single-node Slurm cluster on this machine, for tests/slurm_cluster.sh and
# bench/sweep_bench.sh: munged with its own key and socket, slurmctld and slurmd on
# localhost from a generated slurm.conf (proctrack/linuxproc, task/none,
# select/cons_tres, no accounting; one node with this machine's CPUs and memory, one
# partition "debug"), all in a temporary directory $T. Source it and call
# start_slurm: it exports SLURM_CONF, waits until the node is idle, and on exit (also
# on failure) stops every daemon it started and removes $T. Needs root and Debian's
# slurm-wlm and munge (tests/deps.sh).

stop_slurm() {
	local status=$?
	for f in "$T"/slurmd.pid "$T"/slurmctld.pid "$T"/munged.pid; do
		if [ -s "$f" ]; then
			local pid
			pid=$(cat "$f")
			kill "$pid" 2>/dev/null || true
			for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
			kill -9 "$pid" 2>/dev/null || true
		fi
	done
	if [ "$status" != 0 ]; then
		echo "== slurm logs (failed)" >&2
		tail -n 30 "$T"/slurmctld.log "$T"/slurmd.log "$T"/munged.log 2>/dev/null >&2 || true
	fi
	rm -rf "$T"
	exit "$status"
}

start_slurm() {
	for tool in munged slurmctld slurmd sbatch squeue scancel sinfo; do
		if ! command -v "$tool" >/dev/null; then
			echo "$0: $tool is missing; run 'sudo bash tests/deps.sh' (Debian's slurm-wlm and munge)" >&2
			exit 1
		fi
	done
	if [ "$(id -u)" != 0 ]; then
		echo "$0: starts slurmd, which must run as root" >&2
		exit 1
	fi
	T=$(mktemp -d /tmp/petri-slurm.XXXXXX)
	chmod 755 "$T"
	trap stop_slurm EXIT

	mkdir -p "$T/munge" "$T/state" "$T/spool"
	dd if=/dev/urandom of="$T/munge/munge.key" bs=1024 count=1 status=none
	chmod 400 "$T/munge/munge.key"
	munged --force --key-file="$T/munge/munge.key" --socket="$T/munge/munge.socket" \
		--pid-file="$T/munged.pid" --log-file="$T/munged.log" --seed-file="$T/munge/seed"
	for _ in $(seq 50); do [ -S "$T/munge/munge.socket" ] && break; sleep 0.1; done

	local cpus mem
	cpus=$(nproc)
	mem=$(slurmd -C | sed -n 's/.*RealMemory=\([0-9]*\).*/\1/p' | head -1)
	export SLURM_CONF=$T/slurm.conf
	cat >"$SLURM_CONF" <<EOF
ClusterName=petri-ci
SlurmctldHost=localhost
SlurmUser=root
SlurmctldPort=6817
SlurmdPort=6818
AuthType=auth/munge
AuthInfo=socket=$T/munge/munge.socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
StateSaveLocation=$T/state
SlurmdSpoolDir=$T/spool
SlurmctldPidFile=$T/slurmctld.pid
SlurmdPidFile=$T/slurmd.pid
SlurmctldLogFile=$T/slurmctld.log
SlurmdLogFile=$T/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
NodeName=localhost NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
	grep -E '^(NodeName|PartitionName)' "$SLURM_CONF"
	slurmctld -f "$SLURM_CONF"
	slurmd -f "$SLURM_CONF" -N localhost
	local state=
	for _ in $(seq 300); do
		state=$(sinfo -h -n localhost -o %T 2>/dev/null || true)
		[ "$state" = idle ] && break
		sleep 0.2
	done
	if [ "$state" != idle ]; then
		echo "$0: the Slurm node did not become idle (state: '$state')" >&2
		exit 1
	fi
	sinfo
}
