#!/usr/bin/env python3
"""README's "A sweep with GNU parallel over ssh", run as written (with fewer seeds): GNU
parallel's --ssh points at a stand-in for ssh that runs each command on this machine, in a
home directory of its own per host, so --basefile, --return and --cleanup really copy files
(with rsync) between "hosts". The returned shards must merge into exactly the unsharded
sweep. Exit 77 (a ctest skip) where parallel or rsync is not installed."""
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

from harness import check, finish, hotdog, root

missing = [p for p in ("parallel", "rsync") if shutil.which(p) is None]
if missing:
    print(f"SKIP: {', '.join(missing)} not installed (scripts/setup installs them)")
    sys.exit(77)

hotdog = str(pathlib.Path(hotdog).resolve())  # it also runs from the hosts' directories
SEEDS = "1..40"
readme = (root / "README.md").read_text().split("\n")
start = next(i for i, line in enumerate(readme) if line.startswith("    parallel --sshlogin "))
block = []
for line in readme[start:]:
    if not line.startswith("    "):
        break
    block.append(line[4:])
text = "\n".join(block).replace("\\\n", " ")
commands = [shlex.split(line) for line in text.split("\n") if line.strip()]
check("README's block is a parallel command and a merge", len(commands) == 2 and commands[0][0] == "parallel"
      and commands[1][:2] == ["hotdog", "merge"], commands)

tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-parallel-ssh-"))
try:
    hosts = tmp / "hosts"
    ssh = tmp / "ssh"
    # ssh [OPTIONS] HOST [--] COMMAND...: runs COMMAND with bash in hosts/HOST, its home.
    ssh.write_text(f"""#!/bin/bash
while [[ $# -gt 0 && $1 == -* ]]; do
  case $1 in -o|-p|-l|-i|-F|-S|-O|-E) shift 2;; *) shift;; esac
done
host=$1; shift
[ "${{1:-}}" = -- ] && shift
home={hosts}/$host
cd "$home" && HOME=$home exec bash -c "$*"
""")
    ssh.chmod(0o755)
    parallel = commands[0]
    hostnames = [h.split("/")[-1] for h in parallel[parallel.index("--sshlogin") + 1].split(",")]
    for h in hostnames:
        # hotdog "built at the same path on each host": the README's path, in the host's home.
        bin_dir = hosts / h / "hotdog" / "build" / "release" / "apps"
        bin_dir.mkdir(parents=True)
        (bin_dir / "hotdog").symlink_to(hotdog)
    work = tmp / "work"
    (work / "scenarios").mkdir(parents=True)
    shutil.copy(root / "scenarios" / "mm1.json", work / "scenarios")
    argv = [a.replace("--seeds 1..1000", f"--seeds {SEEDS}") for a in parallel]
    argv = [argv[0], "--will-cite", "--ssh", str(ssh), *argv[1:]]
    # GNU parallel quotes the remote command for the shell named by $SHELL, and guesses one
    # from its parent process when SHELL is unset (CI's environment): it then guessed wrong
    # for the stand-in's bash, ran nothing on the hosts and still exited 0. A user's login
    # session always sets SHELL; so does the test, for the bash the stand-in runs.
    env = {**os.environ, "SHELL": shutil.which("bash") or "/bin/bash"}
    r = subprocess.run(argv, cwd=work, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       timeout=300)
    check("parallel runs every shard on the hosts and returns it", r.returncode == 0, r.stdout + r.stderr)
    shards = sorted(work.glob("part*.jsonl"))
    check("8 shards came back", len(shards) == 8, [s.name for s in shards])
    left = sorted(p.relative_to(hosts).as_posix() for p in hosts.rglob("*")
                  if p.is_file() and not p.is_symlink())
    check("--cleanup left nothing on the hosts", left == [], left)
    merged = subprocess.run([hotdog, "merge", *map(str, shards)], capture_output=True, text=True, timeout=120)
    whole = subprocess.run([hotdog, "sweep", str(work / "scenarios" / "mm1.json"), "--seeds", SEEDS],
                           capture_output=True, text=True, timeout=120)
    check("the returned shards merge into the unsharded sweep, byte for byte",
          merged.returncode == 0 and whole.returncode == 0 and merged.stdout == whole.stdout and whole.stdout,
          merged.stderr + whole.stderr)
    merge = commands[1]
    expanded = [x for a in merge[1:] for x in (sorted(p.name for p in work.glob(a)) if "*" in a else [a])]
    r = subprocess.run([hotdog, *expanded], cwd=work, capture_output=True, text=True, timeout=120)
    out = work / merge[merge.index("--out") + 1]
    check("README's merge line writes its file", r.returncode == 0 and out.exists() and out.stat().st_size > 0,
          r.stderr)
finally:
    shutil.rmtree(tmp, ignore_errors=True)
finish("parallel over ssh")
