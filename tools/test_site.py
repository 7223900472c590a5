#!/usr/bin/env python3
"""Test the built course website (`_site/`, made by `python tools/build_site.py`) in a real browser.

    python tools/test_site.py                  # headless Chromium through chromedriver (selenium)
    python tools/test_site.py --site _site --screens _site_screens

Serves the site on 127.0.0.1 and opens every page in headless Chromium, with every other host
unreachable (a host-resolver rule), then checks:

- every page loads with no console error, and the server answered every request (no 404);
  no page shows a traceback (a site built with --allow-errors fails here);
- every image shows (loaded, with a size) and every internal link resolves, anchors included;
- the questionnaire's answers are folded: each `<details>` is closed, its answer hidden, and
  clicking a summary shows the answer;
- the language switch: English hides every Chinese paragraph and heading half and shows the
  English ones, 中文 the reverse, both shows both (side by side on a wide screen); the choice
  holds on the next page (localStorage), `?lang=` in a link sets it; no paragraph or heading is
  left untagged;
- the maths is rendered: MathJax output on every page with maths, no TeX error, no raw `$...$`;
- no request leaves the site (the browser's network log lists every request).

It writes screenshots to `_site_screens/*.png`. Needs the `site` extra (selenium) and Chromium with
its driver (Debian: `apt-get install -y chromium chromium-driver`; GitHub's runners have Chrome).
CHROME_BIN and CHROMEDRIVER may name the binaries. Prints "N passed, N failed" last.
"""
from __future__ import annotations
import argparse, functools, http.server, json, os, re, shutil, sys, threading, time, urllib.parse, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r'[\u3400-\u9fff]')

# -- a quiet local server that remembers what it was asked for ------------------------------------
class Handler(http.server.SimpleHTTPRequestHandler):
    log: list[tuple[str, int]] = []
    def log_message(self, *a): pass
    def log_request(self, code='-', size='-'):
        Handler.log.append((self.path, int(code) if str(code).isdigit() else 0))

def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(('127.0.0.1', 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f'http://127.0.0.1:{httpd.server_address[1]}/'

# -- the browser ----------------------------------------------------------------------------------
def find(env: str, names: list[str], extra: list[str] = ()) -> str | None:
    if os.environ.get(env): return os.environ[env]
    for n in names:
        if shutil.which(n): return shutil.which(n)
    return next((p for p in extra if p and Path(p).is_file()), None)

def browser(width: int, height: int):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    # GitHub's runners have Google Chrome with its driver in $CHROMEWEBDRIVER; Debian has chromium + chromium-driver
    chrome = find('CHROME_BIN', ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'])
    cwd = os.environ.get('CHROMEWEBDRIVER')
    driver = find('CHROMEDRIVER', [], [os.path.join(cwd, 'chromedriver')] if cwd else []) or find('CHROMEDRIVER', ['chromedriver'])
    if not chrome or not driver:
        sys.exit('error: no Chromium and chromedriver found: `apt-get install -y chromium chromium-driver`, '
                 'or name them in CHROME_BIN and CHROMEDRIVER')
    opts = webdriver.ChromeOptions()
    opts.binary_location = chrome
    for a in ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', f'--window-size={width},{height}',
              '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1',    # no other host can be reached
              '--no-first-run', '--disable-background-networking', '--disable-component-update',
              '--disable-default-apps', '--disable-sync', '--lang=en-GB']:
        opts.add_argument(a)
    opts.set_capability('goog:loggingPrefs', {'browser': 'ALL', 'performance': 'ALL'})
    return webdriver.Chrome(service=Service(executable_path=driver), options=opts)

# -- bookkeeping ----------------------------------------------------------------------------------
class Results:
    def __init__(self): self.passed, self.failed = 0, []
    def check(self, name: str, ok: bool, detail: str = '') -> bool:
        if ok: self.passed += 1
        else: self.failed.append(f'{name}: {detail}'); print(f'FAIL {name}: {detail}', flush=True)
        return ok

JS_WAIT_MATH = """
const done = arguments[arguments.length - 1];
if (!window.MathJax || !MathJax.startup || !MathJax.startup.promise) { done('none'); return; }
MathJax.startup.promise.then(() => done('ok'), e => done('error: ' + e));
"""
JS_PAGE = r"""
const art = document.querySelector('article.bd-article') || document.body;
const vis = e => e.checkVisibility ? e.checkVisibility() : !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const prose = [...art.querySelectorAll('p, li, h1, h2, h3, h4, h5, h6, td, th')].filter(
  e => !e.closest('pre, .cell_output, .output, .highlight, code, mjx-container, summary'));
return {
  images: [...document.images].map(i => ({src: i.currentSrc || i.src, ok: i.complete && i.naturalWidth > 0, shown: vis(i)})),
  links: [...document.querySelectorAll('a[href]')].map(a => a.href),
  ids: [...document.querySelectorAll('[id]')].map(e => e.id),
  tracebacks: [...art.querySelectorAll('.output.traceback, .output.error')].map(e => (e.querySelector('pre') || e).textContent.split('\n').filter(l => /(Error|Exception)\b/.test(l)).slice(-1)[0]?.trim().slice(0, 160) || 'a traceback'),
  unpaired_headings: [...art.querySelectorAll('h1, h2, h3, h4, h5, h6')].filter(h => !h.closest('.cell_output, .output')
                       && !(h.querySelector('.lang-en') && h.querySelector('.lang-zh'))).map(h => h.textContent.slice(0, 80)),
  math: art.querySelectorAll('.math').length,
  mjx: art.querySelectorAll('mjx-container').length,
  mjx_in_math: [...art.querySelectorAll('.math')].filter(e => e.querySelector('mjx-container')).length,
  merror: art.querySelectorAll('mjx-merror').length,
  raw_tex: prose.filter(vis).map(e => { const c = e.cloneNode(true); c.querySelectorAll('code, mjx-container, .math').forEach(x => x.remove());
                                        return c.textContent; }).filter(t => /\$[^$\s][^$]*\$|\\\(|\\\[/.test(t)).slice(0, 3),
  untagged: prose.filter(e => e.matches('p') && !e.closest('.lang-en, .lang-zh, table, details > summary, footer, .bd-footer-article, .prev-next-area')
                         && /[A-Za-z]{2,}|[\u3400-\u9fff]/.test(e.textContent)
                         && e.closest('section')).map(e => e.textContent.slice(0, 80)).slice(0, 5),
};
"""
JS_LANG = r"""
const art = document.querySelector('article.bd-article');
const vis = e => e.checkVisibility ? e.checkVisibility() : !!(e.offsetWidth || e.offsetHeight || e.getClientRects().length);
const han = t => (t.match(/[\u3400-\u9fff]/g) || []).length, words = t => (t.match(/[A-Za-z]{2,}/g) || []).length;
const lang0 = t => han(t) && han(t) >= 0.4 * words(t) ? 'zh' : (words(t) ? 'en' : null);
const prose = e => { const c = e.cloneNode(true); c.querySelectorAll('code, mjx-container, .math, pre').forEach(x => x.remove()); return c.textContent; };
const lang = e => lang0(prose(e));
const folded = e => !!e.closest('details:not([open])');   // an answer not opened yet is hidden in any language
const shown = sel => [...art.querySelectorAll(sel)].filter(vis).length,
      all = sel => [...art.querySelectorAll(sel)].filter(e => !folded(e)).length;
const paras = [...art.querySelectorAll('p, li')]
  .filter(e => !e.closest('pre, .cell_output, table, details > summary') && vis(e));
const pair = art.querySelector('.lang-pair');
let side = null;
if (pair && vis(pair)) { const a = pair.children[0].getBoundingClientRect(), b = pair.children[1].getBoundingClientRect();
                         side = Math.abs(a.top - b.top) < 2 && b.left > a.right - 1; }
return {lang: document.documentElement.dataset.lang, stored: localStorage.getItem('lmscratch-lang'),
        en: all('.lang-en'), zh: all('.lang-zh'), en_shown: shown('.lang-en'), zh_shown: shown('.lang-zh'),
        shown_zh_paras: paras.filter(p => lang(p) === 'zh').length,
        shown_en_paras: paras.filter(p => lang(p) === 'en').length,
        en_paras_text: paras.filter(p => lang(p) === 'en').map(p => p.textContent.slice(0, 60)).slice(0, 3),
        zh_paras_text: paras.filter(p => lang(p) === 'zh').map(p => p.textContent.slice(0, 60)).slice(0, 3),
        buttons: [...document.querySelectorAll('.lang-switch button')].map(b => [b.dataset.langChoice, b.getAttribute('aria-pressed'), vis(b)]),
        side_by_side: side};
"""

def console_errors(driver) -> list[str]:
    return [e['message'] for e in driver.get_log('browser') if e['level'] == 'SEVERE']

def requests_made(driver) -> list[str]:
    urls = []
    for e in driver.get_log('performance'):
        msg = json.loads(e['message'])['message']
        if msg.get('method') == 'Network.requestWillBeSent': urls.append(msg['params']['request']['url'])
    return urls

def page_ids(site: Path, rel: str, cache: dict) -> set[str] | None:
    if rel not in cache:
        f = site/rel
        cache[rel] = set(re.findall(r'\bid="([^"]+)"', f.read_text(encoding='utf-8', errors='replace'))) if f.is_file() else None
    return cache[rel]

def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--site', type=Path, default=ROOT/'_site', help='the built site (default: _site/)')
    ap.add_argument('--screens', type=Path, default=ROOT/'_site_screens', help='where the screenshots go')
    args = ap.parse_args(argv)
    site = args.site.resolve()
    if not (site/'index.html').is_file(): sys.exit(f'error: no site in {site}: run `python tools/build_site.py` first')
    args.screens.mkdir(parents=True, exist_ok=True)
    pages = sorted(str(p.relative_to(site)) for p in site.rglob('*.html') if '_static' not in p.parts and '_sources' not in p.parts)
    httpd, base = serve(site)
    R, t0 = Results(), time.time()
    drv = browser(1440, 1000)
    drv.set_script_timeout(60)
    ids_cache: dict = {}
    n_images: dict[str, int] = {}
    try:
        # ---- every page: loads cleanly, images, links, maths, tagging, no request outside -------
        for rel in pages:
            drv.get(base + rel)
            state = drv.execute_async_script(JS_WAIT_MATH)
            R.check(f'{rel}: MathJax starts', state in ('ok', 'none'), state)
            info = drv.execute_script(JS_PAGE)
            errs = console_errors(drv)
            R.check(f'{rel}: no console error', not errs, '; '.join(errs)[:500])
            R.check(f'{rel}: no cell failed (no traceback on the page)', not info['tracebacks'], ' | '.join(info['tracebacks']))
            bad_img = [i['src'] for i in info['images'] if not i['ok']]
            n_images[rel] = len(info['images'])
            R.check(f'{rel}: every image loads', not bad_img, ', '.join(bad_img)[:500])
            bad_links = []
            for href in sorted(set(info['links'])):
                if not href.startswith(base): continue
                u = urllib.parse.urlsplit(href)
                path = urllib.parse.unquote(u.path[len(urllib.parse.urlsplit(base).path):]) or 'index.html'
                if path.endswith('/'): path += 'index.html'
                ids = page_ids(site, path, ids_cache) if path.endswith('.html') else None
                if not (site/path).is_file(): bad_links.append(href)
                elif u.fragment and ids is not None and urllib.parse.unquote(u.fragment) not in ids: bad_links.append(href)
            R.check(f'{rel}: every internal link resolves', not bad_links, ', '.join(bad_links)[:500])
            if info['math']:
                R.check(f'{rel}: maths rendered by MathJax', info['mjx_in_math'] == info['math'] and state == 'ok',
                        f"{info['mjx_in_math']} of {info['math']} formulas rendered")
            R.check(f'{rel}: no TeX error', info['merror'] == 0, f"{info['merror']} mjx-merror")
            R.check(f'{rel}: no raw TeX left in the prose', not info['raw_tex'], ' | '.join(info['raw_tex'])[:300])
            if rel.startswith('nbs/') or rel == 'index.html':
                R.check(f'{rel}: every prose paragraph tagged by language', not info['untagged'], ' | '.join(info['untagged']))
                R.check(f'{rel}: every heading is one English-Chinese pair', not info['unpaired_headings'], ' | '.join(info['unpaired_headings'][:3]))
                for lang, other in (('en', 'zh'), ('zh', 'en')):
                    drv.execute_script(f"document.documentElement.dataset.lang = '{lang}'")
                    s = drv.execute_script(JS_LANG)
                    R.check(f'{rel}: {lang} alone hides the other language', s[f'{other}_shown'] == 0 and s[f'shown_{other}_paras'] == 0,
                            f"{s[f'{other}_shown']} .lang-{other} shown, paragraphs: {s[f'{other}_paras_text']}")
                    R.check(f'{rel}: {lang} alone shows its own', s[f'{lang}_shown'] == s[lang] and s[f'shown_{lang}_paras'] > 0,
                            f"{s[f'{lang}_shown']} of {s[lang]} shown")
                drv.execute_script("document.documentElement.dataset.lang = 'both'")
            outside = [u for u in requests_made(drv) if not u.startswith(base) and not u.startswith(('data:', 'blob:', 'about:'))]
            R.check(f'{rel}: no request leaves the site', not outside, ', '.join(outside)[:500])
        drv.get(base + 'index.html')
        shown = [x['src'] for x in drv.execute_script(JS_PAGE)['images'] if x['ok'] and x['shown']]
        R.check('the front page shows the picture from images/', any('95_tour_accuracy' in u for u in shown), str(shown))
        figs = {r: n for r, n in n_images.items() if r.startswith('nbs/')}
        R.check('the notebooks show their figures', sum(figs.values()) >= 20 and figs.get('nbs/01_first_rnn.html', 0) >= 3, str(figs))
        notfound = sorted({p for p, c in Handler.log if c >= 400})
        R.check('the server answered every request', not notfound, ', '.join(notfound)[:500])
        print(f'{len(pages)} pages loaded and checked in {time.time() - t0:.0f} s', flush=True)

        # ---- the language switch, remembered between pages ---------------------------------------
        drv.get(base + 'nbs/01_first_rnn.html'); drv.execute_async_script(JS_WAIT_MATH)
        drv.execute_script("localStorage.removeItem('lmscratch-lang')"); drv.refresh()
        s = drv.execute_script(JS_LANG)
        R.check('language: the switch has three visible buttons', [b[0] for b in s['buttons'] if b[2]] == ['en', 'zh', 'both'], str(s['buttons']))
        R.check('language: both languages by default', s['lang'] == 'both' and s['en_shown'] == s['en'] > 0 and s['zh_shown'] == s['zh'] > 0, str(s))
        R.check('language: both, side by side on a wide screen', s['side_by_side'] is True, str(s['side_by_side']))
        drv.find_element('css selector', '.lang-switch button[data-lang-choice="en"]').click()
        s = drv.execute_script(JS_LANG)
        R.check('language: English hides every Chinese part', s['zh_shown'] == 0 and s['shown_zh_paras'] == 0, str(s))
        R.check('language: English shows every English part', s['en_shown'] == s['en'] and s['shown_en_paras'] > 10, str(s))
        R.check('language: the pressed button is marked', ['en', 'true', True] in s['buttons'], str(s['buttons']))
        drv.save_screenshot(str(args.screens/'01_first_rnn_english.png'))
        drv.find_element('css selector', '.lang-switch button[data-lang-choice="zh"]').click()
        s = drv.execute_script(JS_LANG)
        R.check('language: 中文 hides every English part', s['en_shown'] == 0 and s['shown_en_paras'] == 0, str(s))
        R.check('language: 中文 shows every Chinese part', s['zh_shown'] == s['zh'] and s['shown_zh_paras'] > 10, str(s))
        R.check('language: the choice is stored', s['stored'] == 'zh', str(s['stored']))
        drv.get(base + 'nbs/10_questionnaire.html')
        s = drv.execute_script(JS_LANG)
        R.check('language: the choice holds on the next page', s['lang'] == 'zh' and s['en_shown'] == 0 and s['zh_shown'] > 0, str(s))
        R.check('language: the page says it is in Chinese', drv.execute_script('return document.documentElement.lang') == 'zh-Hans')
        drv.get(base + 'nbs/02_stateful_rnn.html?lang=en')
        s = drv.execute_script(JS_LANG)
        R.check('language: a link with ?lang=en chooses English', s['lang'] == 'en' and s['stored'] == 'en' and s['zh_shown'] == 0, str(s))
        drv.get(base + 'nbs/10_questionnaire.html?lang=zh')
        nav = drv.execute_script("return [...document.querySelectorAll('.bd-sidebar-primary a, .bd-sidebar-primary .caption-text')]"
                                 ".filter(e => e.offsetParent).map(e => e.innerText).join('\\n')")
        R.check('language: the navigation shows Chinese titles only', HAN.search(nav) and not re.search(r'Lessons|From three words', nav), nav[:200])

        # ---- the questionnaire's answers stay folded until clicked ------------------------------
        d = drv.execute_script("""return [...document.querySelectorAll('article details')].map(e => ({open: e.open,
            answer: [...e.children].filter(c => c.tagName !== 'SUMMARY').some(c => c.checkVisibility ? c.checkVisibility() : (c.offsetWidth || c.offsetHeight))}))""")
        R.check('questionnaire: answers are there', len(d) >= 40, f'{len(d)} <details> blocks')
        R.check('questionnaire: every answer folded', all(not x['open'] and not x['answer'] for x in d), str([x for x in d if x['open'] or x['answer']][:3]))
        summaries = drv.find_elements('css selector', 'article details > summary')
        drv.execute_script("arguments[0].scrollIntoView({block: 'center'})", summaries[3])
        summaries[3].click()
        time.sleep(0.3)
        d2 = drv.execute_script("""const e = document.querySelectorAll('article details')[3];
            const kids = [...e.querySelectorAll('p')].filter(c => c.checkVisibility ? c.checkVisibility() : (c.offsetWidth || c.offsetHeight));
            return {open: e.open, shown: kids.length, text: kids.map(k => k.innerText).join(' ').slice(0, 120),
                    others_open: [...document.querySelectorAll('article details')].filter(x => x.open).length}""")
        R.check('questionnaire: clicking a summary shows its answer', d2['open'] and d2['shown'] > 0 and HAN.search(d2['text'] or ''), str(d2))
        R.check('questionnaire: only that answer opens', d2['others_open'] == 1, str(d2))
        drv.execute_script("window.scrollBy(0, -120)")
        drv.save_screenshot(str(args.screens/'10_questionnaire_chinese.png'))
        summaries[3].click(); time.sleep(0.2)
        R.check('questionnaire: clicking again folds it', not drv.execute_script("return document.querySelectorAll('article details')[3].open"))

        # ---- screenshots: the front page and a page of maths, in both languages ------------------
        drv.find_element('css selector', '.lang-switch button[data-lang-choice="both"]').click()
        drv.get(base + 'index.html')
        drv.save_screenshot(str(args.screens/'index_both.png'))
        drv.get(base + 'nbs/01_first_rnn.html')
        drv.execute_script("const i = document.querySelectorAll('article .cell_output img')[1]; i && i.scrollIntoView({block: 'center'})")
        time.sleep(0.3)
        drv.save_screenshot(str(args.screens/'01_first_rnn_figure_both.png'))
        drv.get(base + 'nbs/08_gru.html'); drv.execute_async_script(JS_WAIT_MATH)
        drv.execute_script("document.querySelector('article .math-wrapper, article div.math')?.scrollIntoView({block: 'center'})")
        drv.save_screenshot(str(args.screens/'08_gru_both.png'))
        errs = console_errors(drv)
        R.check('no console error on the later pages', not errs, '; '.join(errs)[:300])
    finally:
        drv.quit(); httpd.shutdown()
    print(f'screenshots in {args.screens}: ' + ', '.join(sorted(p.name for p in args.screens.glob('*.png'))))
    print(f'{R.passed} passed, {len(R.failed)} failed')
    sys.exit(1 if R.failed else 0)

if __name__ == '__main__':
    main()
