#!/usr/bin/env python3
"""Drives `hotdog step` through a real terminal (tmux): Enter shows the next event with the
channels' state (current after every event), `c` runs on to the end, `q` quits, and the options
of `hotdog run` (here --schedule) step the run they replay."""
import os
import pathlib
import shutil
import subprocess
import sys
import time

from harness import check, finish, hotdog, root

if not shutil.which("tmux"):
    print("step: tmux is missing (scripts/setup installs it)")
    sys.exit(1)


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True)


def screen(session):
    return tmux("capture-pane", "-p", "-S", "-200", "-t", session).stdout


def wait_for(session, text, seconds=20):
    """Waits until `text` is on the screen and the program is waiting again: its last line is
    the key prompt, or the shell's EXIT line once it has ended (the screen is drawn in pieces)."""
    end = time.time() + seconds
    while time.time() < end:
        s = screen(session)
        lines = [l for l in s.split("\n") if l.strip()]
        settled = lines and ("Enter: next event" in lines[-1] or lines[-1].startswith("EXIT="))
        if text in s and settled:
            return s
        time.sleep(0.05)
    return screen(session)


def start(session, scenario, options=""):
    """Starts `hotdog step` in a new tmux session. Each run gets its own session name and the
    earlier sessions stay alive until the end: killing the server's last session makes the
    server exit, and a new-session racing that exit fails on a loaded machine (seen in CI)."""
    for _ in range(5):
        made = tmux("new-session", "-d", "-s", session, "-x", "200", "-y", "60",
                    f"cd {root} && {hotdog} step {scenario} {options}; echo EXIT=$?; sleep 60")
        if made.returncode == 0:
            return
        time.sleep(0.5)
    print(f"step: tmux could not start a session: {made.stderr.strip()}")
    sys.exit(1)


sessions = [f"hotdog-step-test-{os.getpid()}-{n}" for n in (1, 2, 3)]
s = sessions[0]
start(s, "scenarios/sliding-buffer.json")
first = wait_for(s, "[1]")
check("the first event waits for a key", "[1]" in first and "[2]" not in first and "Enter: next event" in first, first)
tmux("send-keys", "-t", s, "Enter")
tmux("send-keys", "-t", s, "Enter")
tmux("send-keys", "-t", s, "Enter")
third = wait_for(s, "[4]")
check("Enter steps one event at a time", "[4]" in third and "[5]" not in third, third)
check("the channel view shows the buffer", 'news  sliding 2  holds ["a","b"]' in third, third)
tmux("send-keys", "-t", s, "Enter")
slid = wait_for(s, "[5]")
check("a slide is explained", "sliding buffer drops \"a\", its oldest value" in slid, slid)
tmux("send-keys", "-t", s, "c")
done = wait_for(s, "EXIT=")
check("c runs on to the end", 'reason="done"' in done and "EXIT=0" in done, done)
s = sessions[1]
start(s, "scenarios/echo.json")
wait_for(s, "[1]")
tmux("send-keys", "-t", s, "Enter")
parked = wait_for(s, "[2]")
check("who is parked where", "echo  unbuffered  parked: printer (take)" in parked, parked)
tmux("send-keys", "-t", s, "Enter")
tmux("send-keys", "-t", s, "Enter")
met = wait_for(s, "[4]")
put_and_after = met[met.index("[4]"):]
check("every event is explained, a start too", "↳ repl starts: its first step runs now" in met, met)
check("the rendezvous put is explained",
      "printer was waiting to take from echo, so the value goes straight to it" in put_and_after, met)
check("after the rendezvous nobody is parked on echo (the table is current)",
      "echo  unbuffered  parked: -" in put_and_after and "parked: printer" not in put_and_after, met)
tmux("send-keys", "-t", s, "q")
quit_screen = wait_for(s, "EXIT=")
check("q quits", "EXIT=0" in quit_screen and 'reason="done"' not in quit_screen, quit_screen)
check("quitting ends with reason quit", 'end      reason="quit"' in quit_screen and 'reason="until"' not in quit_screen, quit_screen)
check("quitting is not an expectation failure", "expect_failed" not in quit_screen, quit_screen)
s = sessions[2]
# The v2 race's hanging schedule, as `hotdog explore` reports it: stepped to its end.
start(s, "scenarios/hot-dog-v2-race.json", "--schedule 3")
wait_for(s, "[1]")
for _ in range(40):
    tmux("send-keys", "-t", s, "Enter")
hang = wait_for(s, "EXIT=")
check("--schedule: the stepped run is the hanging one",
      'deadlock waiting=[{"proc":"repl","op":"put","chan":"in"}]' in hang and "EXIT=3" in hang, hang)
check("the hang in the table: repl still waits to put on the closed in",
      "in  unbuffered, closed  parked: repl (put)" in hang, hang)
check("the close says the waiting put is not released",
      "the waiting put of repl stays waiting, since close does not release" in hang, hang)
for session in sessions:
    tmux("kill-session", "-t", session)
finish("step")
