#!/usr/bin/env python3
"""--format html: a self-contained page (no scripts, no network) that headless Chromium
loads without errors and renders to a screenshot."""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from harness import check, finish, hotdog, root
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-html-"))


chromium = shutil.which("chromium") or shutil.which("chromium-browser")
for scenario, until in [("echo.json", None), ("alts-uploads.json", None), ("morning-rush.json", "10m"),
                        ("blocking-put-no-taker.json", None)]:
    page = tmp / (scenario + ".html")
    args = [hotdog, "run", root / "scenarios" / scenario, "--format", "html", "--out", page]
    if until:
        args += ["--until", until]
    r = subprocess.run(args, capture_output=True, text=True)
    check(f"{scenario}: written", page.exists(), r.stderr)
    html = page.read_text()
    check(f"{scenario}: self-contained", "<script" not in html and not re.search(r'(src|href)=', html)
          and html.count("http") == 1 and "http://www.w3.org/2000/svg" in html)
    check(f"{scenario}: lanes, dots and a legend", "<svg" in html and "<circle" in html and 'class="legend"' in html)
    if scenario == "echo.json":
        check("echo: the handoff is an arrow", 'class="handoff"' in html and "echo: &quot;ketchup&quot;" in html)
        check("echo: the parked interval is shaded", 'class="parked"' in html)
    if chromium is None:
        check("chromium is installed (scripts/setup installs it)", False)
        continue
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}"]
    shot = tmp / (scenario + ".png")
    r = subprocess.run([chromium, *flags, "--window-size=1600,900", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    check(f"{scenario}: chromium renders a screenshot", r.returncode == 0 and shot.exists() and shot.stat().st_size > 5000,
          r.stderr[-500:])
    r = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    check(f"{scenario}: chromium loads the page and its SVG", r.returncode == 0 and "<circle" in r.stdout
          and "Uncaught" not in r.stderr, r.stderr[-500:])
finish("html")
