#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
# Usage: browser_check.py PAGE.html EXPECTED_TABLES
# Loads a self-contained HTML page (axsim report) in headless Chromium (Debian's chromium
# package), driven over the DevTools pipe with python3's standard library only, and passes when
# the page rendered: exactly EXPECTED_TABLES tables in the browser's DOM and in the file, every
# inline SVG parsed, no JavaScript exception, console error or failed load, and a screenshot that
# is not blank (its PNG decoded here with zlib). Exit 0 ok, 1 a problem, 2 Chromium could not be
# driven, 77 Chromium is not installed (1 when CI is set: CI must not skip it).
import base64
import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib

CHROME = os.environ.get('CHROME', '/usr/lib/chromium/chromium')
# New headless mode, as root in a container (no sandbox), no GPU, no network at all (every host
# name resolves to nothing), nothing written outside the temporary profile.
FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
         '--hide-scrollbars', '--window-size=1280,2000', '--no-first-run',
         '--no-default-browser-check', '--disable-extensions', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-default-apps', '--no-pings',
         '--disable-breakpad', '--host-resolver-rules=MAP * ~NOTFOUND', '--remote-debugging-pipe']


class Cdp:
    """CDP over the pipe: JSON messages terminated by NUL; we write fd 3, chromium writes fd 4."""
    def __init__(self, rfd, wfd):
        self.rfd, self.wfd, self.buf, self.next_id, self.events = rfd, wfd, b'', 0, []
    def _read_one(self, deadline):
        while b'\0' not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0: raise TimeoutError('no message from chromium in time')
            if select.select([self.rfd], [], [], left)[0]:
                chunk = os.read(self.rfd, 1 << 20)
                if not chunk: raise EOFError('chromium closed the pipe')
                self.buf += chunk
        msg, self.buf = self.buf.split(b'\0', 1)
        return json.loads(msg)
    def call(self, method, params=None, session=None, timeout=20):
        self.next_id += 1
        msg = {'id': self.next_id, 'method': method, 'params': params or {}}
        if session: msg['sessionId'] = session
        os.write(self.wfd, json.dumps(msg).encode() + b'\0')
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_one(deadline)
            if m.get('id') == self.next_id:
                if 'error' in m: raise RuntimeError(f'{method}: {m["error"]}')
                return m.get('result', {})
            self.events.append(m)
    def wait_event(self, method, timeout=20):
        if any(m.get('method') == method for m in self.events): return
        deadline = time.monotonic() + timeout
        while True:
            m = self._read_one(deadline)
            self.events.append(m)
            if m.get('method') == method: return
    def drain(self, quiet):
        try:
            while True: self.events.append(self._read_one(time.monotonic() + quiet))
        except TimeoutError:
            pass

def problems_in(events):
    out = []
    for m in events:
        meth, p = m.get('method'), m.get('params', {})
        if meth == 'Runtime.exceptionThrown':
            d = p['exceptionDetails']
            desc = d.get('exception', {}).get('description') or d.get('text', '')
            out.append(f"exception: {desc.splitlines()[0]} (line {d.get('lineNumber', -1) + 1})")
        elif meth == 'Runtime.consoleAPICalled' and p['type'] in ('error', 'assert'):
            out.append(f"console.{p['type']}: " + ' '.join(str(a.get('value', a.get('description', ''))) for a in p['args']))
        elif meth == 'Network.loadingFailed':
            out.append(f"load failed: {p.get('errorText')} ({p.get('type')})")
        elif meth == 'Log.entryAdded' and p['entry']['level'] == 'error' and p['entry']['source'] != 'network':
            out.append(f"log[{p['entry']['source']}]: {p['entry']['text']}")  # network ones duplicate loadingFailed
    return out

def decode_png(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError('not a PNG')
    pos, idat, plte = 8, [], None
    while pos < len(data):
        length, ctype = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if ctype == b'IHDR':
            w, h, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
        elif ctype == b'PLTE':
            plte = body
        elif ctype == b'IDAT':
            idat.append(body)
        elif ctype == b'IEND':
            break
    if depth != 8 or interlace:
        raise ValueError(f'unsupported PNG: depth={depth} interlace={interlace}')
    bpp = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
    raw = zlib.decompress(b''.join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rows, i = [], 0
    for _ in range(h):
        f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
        if f == 1:
            for x in range(bpp, stride): line[x] = (line[x] + line[x - bpp]) & 255
        elif f == 2:
            if line.count(0) == stride: line = bytearray(prev)   # fast path: row repeats
            else: line = bytearray((a + b) & 255 for a, b in zip(line, prev))
        elif f == 3:
            for x in range(stride):
                left = line[x - bpp] if x >= bpp else 0
                line[x] = (line[x] + ((left + prev[x]) >> 1)) & 255
        elif f == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[x] = (line[x] + pr) & 255
        rows.append(bytes(line)); prev = line
    return w, h, colour, bpp, plte, rows

def stats(path):
    w, h, colour, bpp, plte, rows = decode_png(path)
    colours, nonwhite, prev, prev_nw = set(), 0, None, 0
    for r in rows:
        if r == prev:                   # identical row: same colours, same non-white count
            nonwhite += prev_nw; continue
        before = nonwhite; prev = r
        for x in range(0, len(r), bpp):
            px = r[x:x + bpp]
            if colour == 3: px = plte[3 * px[0]:3 * px[0] + 3]
            elif colour in (0, 4): px = bytes([px[0]] * 3)
            else: px = px[:3]          # drop alpha
            colours.add(px)
            if px != b'\xff\xff\xff': nonwhite += 1
        prev_nw = nonwhite - before
    return w, h, len(colours), nonwhite / (w * h)


def drive(html, out_png):
    """Loads `html` in headless Chromium: (table count, DOM text, problems); the screenshot goes
    to out_png. Raises RuntimeError when Chromium cannot be driven."""
    tmp = tempfile.mkdtemp(prefix='axsim_browser.')
    to_r, to_w = os.pipe()       # Chromium reads commands on its fd 3
    from_r, from_w = os.pipe()   # and writes replies on its fd 4

    def child_fds():             # the two ends onto fds 3 and 4, through high fds (they may collide)
        a, b = os.dup(to_r) + 100, os.dup(from_w) + 100
        os.dup2(to_r, a); os.dup2(from_w, b); os.dup2(a, 3); os.dup2(b, 4); os.close(a); os.close(b)

    env = dict(os.environ, HOME=tmp)  # Chromium's crash-report folder stays out of the real $HOME
    stderr_log = open(os.path.join(tmp, 'stderr.log'), 'wb')
    proc = subprocess.Popen([CHROME, *FLAGS, f'--user-data-dir={tmp}/profile', 'about:blank'],
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=stderr_log,
                            env=env, preexec_fn=child_fds, close_fds=True, pass_fds=(3, 4),
                            start_new_session=True)  # its own group: killpg reaches the renderers
    os.close(to_r); os.close(from_w)
    cdp = Cdp(from_r, to_w)
    try:
        tid = cdp.call('Target.createTarget', {'url': 'about:blank'})['targetId']
        sid = cdp.call('Target.attachToTarget', {'targetId': tid, 'flatten': True})['sessionId']
        for domain in ('Page', 'Runtime', 'Log', 'Network'):
            cdp.call(f'{domain}.enable', session=sid)
        cdp.call('Emulation.setDeviceMetricsOverride',
                 {'width': 1280, 'height': 2000, 'deviceScaleFactor': 1, 'mobile': False}, session=sid)
        nav = cdp.call('Page.navigate', {'url': 'file://' + html}, session=sid)
        if nav.get('errorText'):
            raise RuntimeError(f"navigation failed: {nav['errorText']}")
        cdp.wait_event('Page.loadEventFired')
        cdp.call('Emulation.setVirtualTimePolicy',
                 {'policy': 'pauseIfNetworkFetchesPending', 'budget': 5000}, session=sid)
        cdp.wait_event('Emulation.virtualTimeBudgetExpired')
        cdp.drain(0.2)

        def ev(expr):
            return cdp.call('Runtime.evaluate', {'expression': expr, 'returnByValue': True},
                            session=sid)['result']['value']
        tables = ev("document.querySelectorAll('table').length")
        svgs = ev("document.querySelectorAll('svg').length")
        shot = cdp.call('Page.captureScreenshot', {'format': 'png'}, session=sid)
        with open(out_png, 'wb') as f:
            f.write(base64.b64decode(shot['data']))
        problems = problems_in(cdp.events)
        try:
            cdp.call('Browser.close', timeout=5)
        except (EOFError, TimeoutError):
            pass
        return tables, svgs, problems
    except (TimeoutError, EOFError, KeyError) as e:
        raise RuntimeError(f'could not drive chromium: {e}')
    finally:
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()
        stderr_log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    if len(sys.argv) != 3:
        print('usage: browser_check.py PAGE.html EXPECTED_TABLES'); return 2
    html, expected = os.path.abspath(sys.argv[1]), int(sys.argv[2])
    if not os.path.isfile(html):
        print(f'FAIL: no such file {html}'); return 2
    if not os.access(CHROME, os.X_OK):
        print(f'SKIP: {CHROME} is not installed (Debian package chromium)')
        return 1 if os.environ.get('CI') else 77
    source = open(html, encoding='utf-8').read()
    with tempfile.TemporaryDirectory() as tmp:
        png = os.path.join(tmp, 'page.png')
        try:
            tables, svgs, problems = drive(html, png)
        except RuntimeError as e:
            print(f'FAIL: {e}'); return 2
        w, h, colours, nonwhite = stats(png)
    print(f'{html}: {tables} tables (source {source.count("<table")}, expected {expected}), '
          f'{svgs} svg, screenshot {w}x{h}, {colours} colours, {nonwhite:.4f} not white')
    failures = [f'PROBLEM {p}' for p in problems]
    if tables != expected or source.count('<table') != expected:
        failures.append(f'expected {expected} tables')
    if svgs != source.count('<svg'):
        failures.append('an inline svg did not parse')
    if colours < 8 or nonwhite < 0.005:
        failures.append('the screenshot looks blank')
    for f in failures:
        print(f)
    print('FAIL' if failures else 'OK')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())
