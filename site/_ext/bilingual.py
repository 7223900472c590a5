"""Sphinx extension of the lmscratch site: tag the course's bilingual prose by language.

Every markdown paragraph of a notebook is English followed by its Chinese twin, and every heading
is a pair, `## Title` then `## 标题`. MyST turns such a heading pair into two sections: an empty
English one, then the Chinese one that holds the content. This transform runs on the doctree that
MyST produced, before Sphinx collects titles and tables of contents, and

- merges each heading pair into one section whose title is
  `<span class="lang-en">Title</span><span class="lang-sep"> · </span><span class="lang-zh">标题</span>`
  (the English section's anchor is kept, so links to it still work);
- classifies every prose block of a section (paragraph, list, quote) as Chinese when it has a
  substantial share of CJK characters (code and maths left out), else English when it has words;
  tables, code, maths, images and raw HTML are left in both languages;
- cuts a list whose items are English then Chinese (markdown joins two lists separated by a
  blank line into one) into two lists;
- wraps each run of English blocks and the run of Chinese blocks right after it in
  `<div class="lang-pair"><div class="lang-en">…</div><div class="lang-zh">…</div></div>`, so the
  pair can be shown side by side, and tags a block with no twin with its own class.

`_static/lang.js` and `_static/lang.css` then show English, Chinese or both. Working on the doctree
rather than on the markdown text means no MyST syntax (lists, maths, `<details>` blocks) is
rewritten, and the classes reach the HTML, the page titles and every table of contents.

It also adds `_vendor/` to the static files, so that `_static/mathjax/` holds the vendored
MathJax (Jupyter Book would load every .js file of a `_static/` folder on every page).
"""
from __future__ import annotations
import html, re
from pathlib import Path
from docutils import nodes
from sphinx.transforms import SphinxTransform

HAN = re.compile(r'[\u3400-\u9fff\uf900-\ufaff]')
WORD = re.compile(r'[A-Za-z]{2,}')
PROSE = (nodes.paragraph, nodes.bullet_list, nodes.enumerated_list, nodes.block_quote,
         nodes.definition_list, nodes.line_block, nodes.rubric)
NOT_PROSE = (nodes.literal, nodes.math, nodes.raw, nodes.literal_block, nodes.math_block,
             nodes.image, nodes.target, nodes.comment)

def prose_text(node: nodes.Node) -> str:
    "The words of `node`, with inline code, maths, images and raw HTML left out."
    if isinstance(node, nodes.Text): return str(node)
    if isinstance(node, NOT_PROSE): return ''
    return ' '.join(prose_text(c) for c in node.children)

def language(text: str) -> str | None:
    "'zh' for Chinese, 'en' for English, None for neither (a lone image, a formula)."
    han, words = len(HAN.findall(text)), len(WORD.findall(text))
    # a Chinese paragraph quotes English names (LMModel1, dropout), an English one may quote a
    # Chinese term: so the share decides, not the mere presence of a CJK character
    if han and han >= 0.4 * words: return 'zh'
    if words: return 'en'
    return None

def block_language(node: nodes.Node) -> str | None:
    return language(prose_text(node)) if isinstance(node, PROSE) else None

def title_language(sec: nodes.section) -> str | None:
    return language(prose_text(sec[0])) if len(sec) and isinstance(sec[0], nodes.title) else None

def span(children, cls: str) -> nodes.inline:
    return nodes.inline('', '', *[c.deepcopy() for c in children], classes=[cls])

class BilingualTransform(SphinxTransform):
    "Merge the heading pairs and tag the prose blocks by language (see the module's docstring)."
    default_priority = 500

    def apply(self, **kwargs) -> None:
        self.merge_headings()
        self.split_lists()
        for parent in list(self.document.findall(lambda n: isinstance(n, (nodes.section, nodes.document)))):
            self.tag_blocks(parent)

    def merge_headings(self) -> None:
        for en in list(self.document.findall(nodes.section)):
            parent = en.parent
            if parent is None or len(en.children) != 1 or title_language(en) != 'en': continue
            i = parent.index(en)
            if i + 1 >= len(parent): continue
            zh = parent[i + 1]
            if not isinstance(zh, nodes.section) or title_language(zh) != 'zh': continue
            t_en, t_zh = en[0], zh[0]
            kids = [span(t_en.children, 'lang-en'), nodes.inline('', ' · ', classes=['lang-sep']),
                    span(t_zh.children, 'lang-zh')]
            t_zh.clear()
            t_zh.extend(kids)
            if len(t_en.astext()) > 90: t_zh['classes'].append('lang-long-title')   # the questionnaire's questions
            zh['ids'] = en['ids'] + zh['ids']
            zh['names'] = en['names'] + zh['names']
            for i_d in en['ids']: self.document.ids[i_d] = zh
            parent.remove(en)

    def split_lists(self) -> None:
        "An English list, a blank line, then its Chinese twin is one list in markdown: cut it in two."
        for lst in list(self.document.findall(lambda n: isinstance(n, (nodes.bullet_list, nodes.enumerated_list)))):
            if lst.parent is None: continue
            runs, last = [], None
            for item in lst.children:
                lang = language(prose_text(item)) or last
                if runs and lang == last: runs[-1].append(item)
                else: runs.append([item])
                last = lang
            if len(runs) < 2: continue
            pieces = []
            for run in runs:
                new = lst.copy()            # the list's attributes (bullet, enumtype...), no items
                if pieces: new.attributes.pop('start', None)   # the Chinese twin of "1. 2." numbers from 1 again
                new.extend(run)
                pieces.append(new)
            lst.replace_self(pieces)

    def tag_blocks(self, parent: nodes.Element) -> None:
        kids, out, i = list(parent.children), [], 0
        while i < len(kids):
            lang = block_language(kids[i])
            if lang != 'en':
                if lang == 'zh': kids[i]['classes'].append('lang-zh')
                out.append(kids[i]); i += 1; continue
            en, zh = [], []
            while i < len(kids) and block_language(kids[i]) == 'en': en.append(kids[i]); i += 1
            while i < len(kids) and block_language(kids[i]) == 'zh': zh.append(kids[i]); i += 1
            if zh:
                pair = nodes.container(classes=['lang-pair'])
                pair += nodes.container('', *en, classes=['lang-en'])
                pair += nodes.container('', *zh, classes=['lang-zh'])
                out.append(pair)
            else:
                for e in en: e['classes'].append('lang-en')
                out.extend(en)
        parent.clear()
        parent.extend(out)

def add_vendor_static(app, config) -> None:
    vendor = Path(app.srcdir)/'_vendor'
    if vendor.is_dir(): config.html_static_path.append(str(vendor))

def dedupe_scripts(app, pagename, templatename, context, doctree) -> None:
    "Drop scripts added twice (sphinx-thebe's `const THEBE_JS_URL` twice is a SyntaxError on every page)."
    for key in ('script_files', 'css_files'):
        seen, kept = set(), []
        for f in context.get(key, []):
            k = (str(getattr(f, 'filename', f) or ''), getattr(f, 'attributes', {}).get('body', ''))
            if k not in seen: seen.add(k); kept.append(f)
        if key in context: context[key][:] = kept

def bilingual_root_title(app, pagename, templatename, context, doctree) -> None:
    "sphinx-book-theme writes the front page's title in the navigation as plain text: give it the spans."
    title = app.env.titles.get(app.config.root_doc)
    if title is None or 'root_title' not in context: return
    parts = [f'<span class="{" ".join(c["classes"])}">{html.escape(c.astext())}</span>' if isinstance(c, nodes.inline) and c['classes']
             else html.escape(c.astext()) for c in title.children]
    context['root_title'] = ''.join(parts)

def setup(app):
    app.add_transform(BilingualTransform)
    app.connect('config-inited', add_vendor_static)
    app.connect('html-page-context', dedupe_scripts)
    app.connect('html-page-context', bilingual_root_title, priority=900)   # after sphinx-book-theme's
    return {'version': '1.0', 'parallel_read_safe': True, 'parallel_write_safe': True}
