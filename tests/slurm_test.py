#!/usr/bin/env python3
"""A sweep on a real, if small, Slurm cluster: munged, slurmctld and slurmd from Debian's
packages on this machine, with a configuration, key, sockets, ports and state written into a
temporary directory (nothing of the system's own /etc/slurm or /etc/munge is read or
changed). scripts/sweep-slurm.sbatch runs as a job array of 4 tasks; `hotdog merge` of its
shards must give exactly the bytes of the unsharded sweep, both run here and as README's
merge job (sbatch --dependency=afterok on the array, --wrap). Every daemon started here is
stopped again, whether the test passes or not. Exit 77 (a ctest skip) where the packages are
not installed."""
import getpass
import os
import pathlib
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from harness import check, finish, hotdog, root

SKIP = 77
TASKS = 4
SWEEP = ["--seeds", "1..6", "--set", "arrivals.interval=1000,1500"]

tools = {name: shutil.which(name, path=os.environ.get("PATH", "") + ":/usr/sbin:/sbin")
         for name in ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "scontrol", "scancel")}
missing = sorted(name for name, path in tools.items() if path is None)
if missing:
    print(f"SKIP: {', '.join(missing)} not installed (Debian: apt-get install slurm-wlm munge; "
          "scripts/setup installs them)")
    sys.exit(SKIP)


def free_ports(n):
    """n TCP ports free on localhost now (bound together, so they differ)."""
    socks = [socket.socket() for _ in range(n)]
    try:
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]
    finally:
        for s in socks:
            s.close()


def wait_for(what, cond, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.2)
    print(f"timed out after {seconds} s waiting for {what}")
    return False


class cluster:
    """munged + slurmctld + slurmd, each in the foreground as this process's child."""

    def __init__(self, tmp):
        self.tmp = tmp
        self.daemons = []  # (name, Popen), started in order, stopped in reverse
        self.user = getpass.getuser()
        self.node = socket.gethostname().split(".")[0]
        self.conf = tmp / "slurm.conf"
        self.env = dict(os.environ, SLURM_CONF=str(self.conf))

    def log(self, name):
        path = self.tmp / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def start_munge(self):
        mdir = self.tmp / "munge"
        mdir.mkdir(mode=0o700)
        key = mdir / "munge.key"
        # munged insists on a key only its user can read, in a directory others cannot write.
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, os.urandom(1024))
        os.close(fd)
        self.munge_socket = mdir / "munge.socket"
        self.spawn("munged", [tools["munged"], "--foreground", "--force", f"--socket={self.munge_socket}",
                              f"--key-file={key}", f"--pid-file={mdir / 'munged.pid'}",
                              f"--seed-file={mdir / 'munged.seed'}", f"--log-file={self.tmp / 'munged.log'}"])
        return wait_for("munged's socket", self.munge_socket.exists, 10)

    def write_conf(self):
        ctld_port, slurmd_port = free_ports(2)
        state = self.tmp / "state"
        spool = self.tmp / "spool"
        state.mkdir()
        spool.mkdir()
        cpus = os.cpu_count() or 1
        # One node, this machine; no cgroups, accounting or energy plugins (a container has
        # none to offer), munge through this test's own socket.
        self.conf.write_text(f"""ClusterName=hotdogtest
SlurmctldHost={self.node}(127.0.0.1)
SlurmctldPort={ctld_port}
SlurmdPort={slurmd_port}
SlurmUser={self.user}
SlurmdUser={self.user}
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket={self.munge_socket}
StateSaveLocation={state}
SlurmdSpoolDir={spool}/slurmd-%n
SlurmctldPidFile={self.tmp}/slurmctld.pid
SlurmdPidFile={self.tmp}/slurmd.pid
SlurmctldLogFile={self.tmp}/slurmctld.log
SlurmdLogFile={self.tmp}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
SlurmctldTimeout=30
SlurmdTimeout=30
InactiveLimit=0
KillWait=2
MinJobAge=300
SchedulerType=sched/builtin
NodeName={self.node} NodeAddr=127.0.0.1 CPUs={cpus} State=UNKNOWN
PartitionName=hotdog Nodes={self.node} Default=YES MaxTime=INFINITE State=UP
""")

    def spawn(self, name, argv):
        out = open(self.tmp / f"{name}.out", "w")
        self.daemons.append((name, subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT,
                                                    env=self.env, start_new_session=True)))

    def start_slurm(self):
        self.spawn("slurmctld", [tools["slurmctld"], "-D", "-i", "-f", str(self.conf)])
        self.spawn("slurmd", [tools["slurmd"], "-D", "-f", str(self.conf), "-N", self.node])
        return wait_for("the node to be idle", lambda: self.node_state().startswith("idle"), 30)

    def node_state(self):
        r = self.slurm([tools["scontrol"], "-o", "show", "node", self.node])
        for field in r.stdout.split():
            if field.startswith("State="):
                return field[len("State="):].lower()
        return ""

    def slurm(self, argv, env=None):
        return subprocess.run(argv, capture_output=True, text=True, env=env or self.env, timeout=30)

    def stop(self):
        for name, proc in reversed(self.daemons):
            if proc.poll() is None:
                # The whole session: slurmd's job steps (slurmstepd) go too.
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # anything left in its session
            except ProcessLookupError:
                pass


def job_states(c, job):
    """Each array task's state (e.g. COMPLETED), from scontrol while slurmctld remembers it."""
    r = c.slurm([tools["scontrol"], "-o", "show", "job", job])
    states = []
    for line in r.stdout.splitlines():
        fields = dict(f.split("=", 1) for f in line.split() if "=" in f)
        if "ArrayTaskId" in fields:
            states.append((fields["ArrayTaskId"], fields.get("JobState", "?"), fields.get("ExitCode", "?")))
    return states


def job_state(c, job):
    """One job's state (e.g. COMPLETED), or "" when slurmctld does not know it."""
    r = c.slurm([tools["scontrol"], "-o", "show", "job", job])
    fields = dict(f.split("=", 1) for f in r.stdout.split() if "=" in f)
    return fields.get("JobState", "")


def run_test(c, work):
    scenario = root / "scenarios" / "mm1.json"
    unsharded = subprocess.run([hotdog, "sweep", str(scenario), *SWEEP], capture_output=True, text=True,
                               timeout=120)
    check("the unsharded sweep runs", unsharded.returncode == 0 and unsharded.stdout, unsharded.stderr)
    if not check_step("munged starts", c.start_munge(), c, "munged"):
        return
    c.write_conf()
    if not check_step("slurmctld and slurmd start, the node comes up idle", c.start_slurm(), c,
                      "slurmctld", "slurmd"):
        return
    # One CPU per task (the script asks for 2) so the tasks share this machine's CPUs.
    r = c.slurm([tools["sbatch"], "--parsable", f"--array=1-{TASKS}", "--cpus-per-task=1",
                           f"--chdir={work}", "--export=ALL",
                           str(root / "scripts" / "sweep-slurm.sbatch"), str(scenario), *SWEEP],
                env=dict(c.env, HOTDOG=str(pathlib.Path(hotdog).resolve())))
    if not check_step("sbatch accepts the array", r.returncode == 0, c, detail=r.stderr):
        return
    job = r.stdout.strip().split(";")[0]
    # README's merge job: started only when every task of the array ended well.
    r = c.slurm([tools["sbatch"], "--parsable", f"--dependency=afterok:{job}", f"--chdir={work}",
                 "--output=merge.log", "--wrap",
                 f"{shlex.quote(str(pathlib.Path(hotdog).resolve()))} merge sweep-shard-*.jsonl --out merged.jsonl"])
    check("sbatch accepts the merge job that depends on the array", r.returncode == 0, r.stderr)
    merge_job = r.stdout.strip().split(";")[0]

    def done():
        states = job_states(c, job)
        return len(states) == TASKS and all(s not in ("PENDING", "RUNNING", "CONFIGURING", "COMPLETING")
                                            for _, s, _ in states)

    finished = wait_for(f"job {job}", done, 45)
    states = job_states(c, job)
    if not finished:
        c.slurm([tools["scancel"], job])
    check(f"every task of the array completes ({states})",
          finished and sorted(states) == [(str(k), "COMPLETED", "0:0") for k in range(1, TASKS + 1)],
          "\n".join((work / f"sweep-shard-{k}.log").read_text() for k in range(1, TASKS + 1)
                    if (work / f"sweep-shard-{k}.log").exists()))
    shards = [work / f"sweep-shard-{k}.jsonl" for k in range(1, TASKS + 1)]
    present = [s for s in shards if s.exists()]
    check("each task wrote its shard", present == shards, [s.name for s in present])
    merged = subprocess.run([hotdog, "merge", *map(str, present)], capture_output=True, text=True, timeout=120)
    check("the merged shards are byte-identical to the unsharded sweep",
          merged.returncode == 0 and merged.stdout == unsharded.stdout, merged.stderr)

    def merge_done():
        return job_state(c, merge_job) not in ("", "PENDING", "RUNNING", "CONFIGURING", "COMPLETING")

    if not wait_for(f"merge job {merge_job}", merge_done, 30):
        c.slurm([tools["scancel"], merge_job])
    out = work / "merged.jsonl"
    check("the merge job after the array writes the unsharded sweep's bytes",
          out.exists() and out.read_text() == unsharded.stdout,
          f"{job_state(c, merge_job)} {(work / 'merge.log').read_text() if (work / 'merge.log').exists() else ''}")


def check_step(name, ok, c, *logs, detail=""):
    check(name, ok, detail + "".join(f"\n--- {n}.log:\n{c.log(n)[-3000:]}\n--- {n}.out:\n"
                                     f"{(c.tmp / (n + '.out')).read_text()[-2000:]}" for n in logs
                                     if (c.tmp / (n + '.out')).exists()))
    return ok


tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-slurm-"))
os.chmod(tmp, 0o755)  # munged checks every directory above its files
work = tmp / "work"
work.mkdir()
c = cluster(tmp)
start = time.monotonic()
try:
    run_test(c, work)
finally:
    c.stop()
left = [name for name, proc in c.daemons if proc.poll() is None]
check("every daemon the test started has stopped", not left, left)
if not os.environ.get("HOTDOG_KEEP_SLURM"):
    shutil.rmtree(tmp, ignore_errors=True)
print(f"slurm: cluster up, 4 tasks run and merged in {time.monotonic() - start:.1f} s")
finish("slurm")
