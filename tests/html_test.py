#!/usr/bin/env python3
"""--format html: a self-contained page (its one script inline, no network) that headless
Chromium loads and renders to a screenshot, whose script runs, and whose geometry is right:
every handoff arrow runs forward in time, and x is proportional to virtual time between
moments that no fold separates. For every shipped scenario and a two-customer race, measured
in Chromium: no two text labels overlap, no arrow label covers an event's dot, every label
lies in its lane, and after a zoom and a pan the lane names are still in view."""
import html as html_lib
import json
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


# Appended to a copy of a page: measures what Chromium drew and writes it into the DOM.
MEASURE = r"""<script>
(function(){
const svg=document.getElementById('view');
const box=(t)=>{const b=t.getBBox();return {x:b.x,y:b.y,w:b.width,h:b.height,s:t.textContent,lane:t.dataset.laneY,
  handoff:!!t.closest('g.handoff')};};
const texts=[...svg.querySelectorAll('text')].map(box).filter(b=>b.w>0);
const hit=(a,b)=>a.x<b.x+b.w-0.5&&b.x<a.x+a.w-0.5&&a.y<b.y+b.h-0.5&&b.y<a.y+a.h-0.5;
const overlaps=[];
const byx=[...texts].sort((a,b)=>a.x-b.x);
for(let i=0;i<byx.length;i++)for(let j=i+1;j<byx.length&&byx[j].x<byx[i].x+byx[i].w;j++)
  if(hit(byx[i],byx[j]))overlaps.push(byx[i].s+' / '+byx[j].s);
const dots=[...svg.querySelectorAll('circle')].map(c=>({x:+c.getAttribute('cx')-4,y:+c.getAttribute('cy')-4,w:8,h:8}));
const on_dots=[];
for(const t of texts.filter(t=>t.handoff))for(const d of dots)if(hit(t,d)){on_dots.push(t.s);break;}
const off_lane=texts.filter(t=>t.lane!==undefined&&Math.abs(t.y+t.h/2-(+t.lane))>22).map(t=>t.s);
const labels=texts.filter(t=>t.handoff).length;
document.getElementById('zin').click();
svg.dispatchEvent(new MouseEvent('mousedown',{clientX:500,clientY:200}));
window.dispatchEvent(new MouseEvent('mousemove',{clientX:200,clientY:200}));
window.dispatchEvent(new MouseEvent('mouseup'));
const r=svg.getBoundingClientRect();
const names=[...svg.querySelectorAll('text.name')].map(t=>t.getBoundingClientRect());
const hidden=names.filter(b=>!(b.width>0&&b.left>=r.left-1&&b.right<=r.right+1)).length;
let step=null;
if(window.hotdogStep&&tix.length>=3){document.getElementById('fwd').click();document.getElementById('fwd').click();
  document.getElementById('fwd').click();step=document.getElementById('channels').textContent;}
const pre=document.createElement('pre');pre.id='measure';
pre.textContent=JSON.stringify({texts:texts.length,labels,overlaps,on_dots,off_lane,names:names.length,hidden,
  width_used:r.width/innerWidth,step});
document.body.appendChild(pre);
})();
</script>"""


def measure(page, name, flags):
    """Loads a copy of the page with MEASURE in Chromium and checks what it found; returns the
    channel panel after three clicks on "step ▶" (None when the page has fewer events)."""
    copy = page.with_suffix(".measure.html")
    copy.write_text(page.read_text().replace("</body>", MEASURE + "</body>"))
    r = subprocess.run([chromium, *flags, "--window-size=1600,900", "--dump-dom", copy.as_uri()],
                       capture_output=True, text=True, timeout=120)
    m = re.search(r'<pre id="measure">(.*?)</pre>', r.stdout, re.S)
    check(f"{name}: measured in Chromium", m is not None, r.stderr[-500:])
    if m is None:
        return
    got = json.loads(html_lib.unescape(m.group(1)))
    check(f"{name}: no two of its {got['texts']} text labels overlap", not got["overlaps"], str(got["overlaps"][:5]))
    check(f"{name}: no arrow label ({got['labels']}) covers an event's dot", not got["on_dots"], str(got["on_dots"][:5]))
    check(f"{name}: every label lies in its lane", not got["off_lane"], str(got["off_lane"][:5]))
    check(f"{name}: after a zoom and a pan the {got['names']} lane names are in view",
          got["names"] > 0 and got["hidden"] == 0, str(got))
    check(f"{name}: the drawing uses the window's width", got["width_used"] > 0.95, str(got))
    return got["step"]


def step_tables(source, extra):
    """`hotdog step`'s channel table after each event, by sequence number, Enter pressed for
    every event."""
    r = subprocess.run([hotdog, "step", source, *extra], input="\n" * 20000, capture_output=True,
                       text=True, timeout=300)
    tables, seq, current = {}, None, None
    for line in r.stdout.split("\n"):
        m = re.match(r"\[(\d+)\] ", line)
        if m:
            seq, current = int(m.group(1)), None
        elif line == "  channels:":
            current = tables.setdefault(seq, [])
        elif current is not None and line.startswith("    "):
            current.append(line[4:])
        else:
            current = None
    return tables


def page_tables(html):
    """The page's step-through tables, by sequence number (event i + 1)."""
    lines = json.loads(re.search(r"\nconst lines=(.*);\n", html).group(1))
    tables = json.loads(re.search(r"\nconst tables=(.*);\n", html).group(1))
    tix = json.loads(re.search(r"\nconst tix=(.*);\n", html).group(1))
    return {i + 1: [lines[n] for n in tables[t]] for i, t in enumerate(tix)}


race = tmp / "two-customer-race.json"
race.write_text(json.dumps({
    "hotdog": 1, "name": "two-customer-race",
    "description": "Two customers reach one machine at the same moment.",
    "processes": [
        {"name": "m1", "kind": "machine", "price": 3, "stock": 2, "daemon": False},
        {"name": "ann", "kind": "customer", "machine": "m1", "amount": 3, "start": 1},
        {"name": "bob", "kind": "customer", "machine": "m1", "amount": 3, "start": 1}]}))
shipped = sorted(p.name for p in (root / "scenarios").glob("*.json"))
deep = {"echo.json", "alts-uploads.json", "morning-rush.json", "blocking-put-no-taker.json", "pipeline.json", "mm1.json"}
for scenario in [*shipped, str(race)]:
    source = pathlib.Path(scenario) if scenario == str(race) else root / "scenarios" / scenario
    scenario = source.name
    page = tmp / (scenario + ".html")
    args = [hotdog, "run", source, "--format", "html", "--out", page]
    if scenario not in deep:
        args += ["--until", "10m"]
    r = subprocess.run(args, capture_output=True, text=True)
    check(f"{scenario}: written", page.exists(), r.stderr)
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp / 'profile'}"]
    panel = measure(page, scenario, flags) if chromium is not None else None
    stepped = step_tables(source, [] if scenario in deep else ["--until", "10m"])
    in_page = page_tables(page.read_text())
    differ = [n for n in stepped if stepped[n] != in_page.get(n)]
    check(f"{scenario}: the page's channel panel is hotdog step's table at each of its {len(stepped)} events",
          len(stepped) > 0 and stepped.keys() == in_page.keys() and not differ,
          f"{len(stepped)} vs {len(in_page)}; first differing event: "
          + (f"{differ[0]}: {stepped[differ[0]]} vs {in_page.get(differ[0])}" if differ else "-"))
    if chromium is not None and len(in_page) >= 3:
        check(f"{scenario}: three clicks on step in Chromium show the channels after event 3",
              panel == "channels after event [3]:\n" + "\n".join(in_page[3]), repr(panel))
    if scenario == "sliding-buffer.json":
        html = page.read_text()
        check("sliding-buffer: the buffer has its lane, values go in at their puts and out at their takes",
              'news (buffer)</text>' in html and html.count('<rect class="buffered" x=') == 4
              and len(re.findall(r'<g class="handoff"><line [^>]*/><title>news: ', html)) == 6, html[-3000:])
    if scenario not in deep:
        continue
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
    shot = tmp / (scenario + ".png")
    r = subprocess.run([chromium, *flags, "--window-size=1600,900", f"--screenshot={shot}", page.as_uri()],
                       capture_output=True, text=True, timeout=120)
    check(f"{scenario}: chromium renders a screenshot", r.returncode == 0 and shot.exists() and shot.stat().st_size > 5000,
          r.stderr[-500:])
    r = subprocess.run([chromium, *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    check(f"{scenario}: chromium loads the page and its SVG", r.returncode == 0 and "<circle" in r.stdout
          and "Uncaught" not in r.stderr, r.stderr[-500:])
    # The script ran: it set the view to the first stretch of the timeline, at least 2400 wide
    # (wider when the window is wider than the drawing is high would allow), at most all of it.
    m = re.search(r'<svg id="view"[^>]*data-width="([0-9.]+)"[^>]*viewBox="0 0 ([0-9.]+) ', r.stdout)
    check(f"{scenario}: the page's script ran (zoom and pan set the view)",
          m is not None and min(float(m.group(1)), 2400.0) <= float(m.group(2)) <= float(m.group(1)),
          r.stderr[-500:])
finish("html")
