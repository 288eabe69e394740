"""The docs, offline: every notebook rendered to HTML (tools/render_docs.py) and one page looked at in headless Chromium.

Slow (about a minute): it runs when AI_TEST_FLAGS holds "slow", e.g. `AI_TEST_FLAGS="slow" pytest tests/test_docs.py`."""
import base64, io, os, re, subprocess, sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
slow = pytest.mark.skipif('slow' not in os.environ.get('AI_TEST_FLAGS', '').split(), reason='slow: set AI_TEST_FLAGS="slow"')

@slow
def test_offline_docs(tmp_path):
    from PIL import Image
    r = subprocess.run([sys.executable, str(ROOT/'tools'/'render_docs.py'), str(tmp_path)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    pages = sorted(p.name for p in tmp_path.glob('*.html'))
    expected = {p.relative_to(ROOT/'nbs').with_suffix('.html').as_posix().replace('/', '_')
                for p in (ROOT/'nbs').rglob('*.ipynb') if not any(q.startswith(('.', '_')) for q in p.relative_to(ROOT/'nbs').parts)}
    assert expected | {'index.html'} == set(pages), set(pages) ^ (expected | {'index.html'})
    page = (tmp_path/'08_sparse.html').read_text()
    pngs = re.findall(r'src="data:image/png;base64,([^"]+)"', page)
    assert len(pngs) >= 4, len(pngs)                      # pictures and the charts' saved PNGs are in the page itself
    for b in pngs:                                        # and none of them is blank
        a = np.asarray(Image.open(io.BytesIO(base64.b64decode(b))).convert('L'), float)
        assert a.std() > 1, 'a blank picture'
    from affinity_interp.demo import browser_check, chromium
    if chromium() is None: pytest.skip('no Chromium here (apt-get install chromium): the page was not looked at')
    seen = browser_check(tmp_path/'08_sparse.html', tmp_path/'page.png', height=6000, wait_ms=5000)
    shot = np.asarray(Image.open(seen['screenshot']).convert('L'), float)
    assert shot.std() > 20 and seen['colour_fraction'] > 0.002, seen   # text, code, pictures and coloured charts: not blank
