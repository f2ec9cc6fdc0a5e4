#!/usr/bin/env python3
"""--format html: a self-contained page (its one script inline, no network) that headless
Chromium loads and renders to a screenshot, whose script runs, and whose geometry is right:
every handoff arrow runs forward in time, and x is proportional to virtual time between
moments that no fold separates."""
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

from harness import check, finish, hotdog, root
tmp = pathlib.Path(tempfile.mkdtemp(prefix="hotdog-html-"))


chromium = shutil.which("chromium") or shutil.which("chromium-browser")


def geometry(html, name):
    """Checks the emitted SVG: arrows forward, x proportional to t within unfolded stretches."""
    view = html[html.index('<svg id="view"'):]
    px_per_ms = float(re.search(r'data-px-per-ms="([0-9.e+-]+)"', view).group(1))
    arrows = re.findall(r'<g class="handoff"><line x1="([0-9.]+)" y1="[0-9.]+" x2="([0-9.]+)"', view)
    check(f"{name}: every arrow runs forward in time ({len(arrows)} arrows)",
          all(float(x2) >= float(x1) for x1, x2 in arrows))
    ticks = [(int(t), float(w), float(x)) for t, w, x in
             re.findall(r'<line class="tick" data-t="(-?[0-9]+)" data-w="([0-9.]+)" x1="([0-9.]+)"', view)]
    folds = {(int(a), int(b)) for a, b in re.findall(r'<g class="fold" data-from="([0-9]+)" data-to="([0-9]+)"', view)}
    check(f"{name}: one tick per moment", len(ticks) >= 1 and len({t for t, _, _ in ticks}) == len(ticks))
    sub = 6.0
    bad = []
    for (t0, w0, x0), (t1, _, x1) in zip(ticks, ticks[1:]):
        if (t0, t1) in folds:
            continue
        gap = x1 - x0 - w0 - sub
        if abs(gap - (t1 - t0) * px_per_ms) > 0.2 + 1e-6 * abs(gap):
            bad.append((t0, t1, gap, (t1 - t0) * px_per_ms))
    check(f"{name}: x proportional to t within unfolded stretches ({len(ticks)} moments, {len(folds)} folds)",
          not bad, str(bad[:3]))
    return view


for scenario, until in [("echo.json", None), ("alts-uploads.json", None), ("morning-rush.json", None),
                        ("blocking-put-no-taker.json", None), ("pipeline.json", None), ("mm1.json", None)]:
    page = tmp / (scenario + ".html")
    args = [hotdog, "run", root / "scenarios" / scenario, "--format", "html", "--out", page]
    if until:
        args += ["--until", until]
    r = subprocess.run(args, capture_output=True, text=True)
    check(f"{scenario}: written", page.exists(), r.stderr)
    html = page.read_text()
    check(f"{scenario}: self-contained", html.count("<script") == 1 and not re.search(r'(src|href)=', html)
          and html.count("http") == 1 and "http://www.w3.org/2000/svg" in html)
    check(f"{scenario}: lanes, dots and a legend", "<svg" in html and "<circle" in html and 'class="legend"' in html)
    check(f"{scenario}: description and end reason at the top",
          '<p class="description">' in html and "Ended: <b>" in html)
    geometry(html, scenario)
    if scenario == "echo.json":
        check("echo: the handoff is an arrow with its value",
              'class="handoff"' in html and ">echo: &quot;ketchup&quot;</text>" in html)
        check("echo: the parked interval is shaded", '<rect class="parked" x=' in html)
    if scenario == "blocking-put-no-taker.json":
        check("blocking-put-no-taker: the deadlocked lane is shaded to the end",
              '<rect class="deadlocked" x=' in html and "Ended: <b>deadlock</b>" in html)
    if scenario == "morning-rush.json":
        check("morning-rush: the crowd is one lane", html.count("(crowd)</text>") == 1
              and ">rush-1<" not in html)
        for series in ["customers present", "queue at m1", "hopper stock at m1", "served so far", "hungry so far"]:
            check(f"morning-rush: a chart of {series}", f'data-series="{series}"' in html)
        check("morning-rush: the summary is at the top", '<p class="summary">Summary: sold=' in html)
        check("morning-rush: idle stretches are folded", '<g class="fold"' in html)
        size = len(html.encode())
        check(f"morning-rush: the page is a sane size ({size} bytes)", size < 800_000, str(size))
        m = re.search(r'data-width="([0-9.]+)" data-height="([0-9.]+)"', html)
        check(f"morning-rush: the SVG is a sane size ({m.group(1)} x {m.group(2)})",
              float(m.group(1)) < 60_000 and float(m.group(2)) < 1500)
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
    # The script ran: it set the view to the first stretch of the timeline (at most 2400 wide).
    m = re.search(r'<svg id="view"[^>]*data-width="([0-9.]+)"[^>]*viewBox="0 0 ([0-9.]+) ', r.stdout)
    check(f"{scenario}: the page's script ran (zoom and pan set the view)",
          m is not None and float(m.group(2)) == min(float(m.group(1)), 2400.0), r.stderr[-500:])
finish("html")
