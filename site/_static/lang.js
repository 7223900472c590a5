// The language switch of the lmscratch site: English, 中文, or both.
// The build tags every paragraph and heading with .lang-en or .lang-zh (site/_ext/bilingual.py);
// this script only sets <html data-lang="en|zh|both">, and lang.css hides the other language.
// The choice is remembered between pages and visits in localStorage.
(function () {
  'use strict';
  var KEY = 'lmscratch-lang';
  var CHOICES = [['en', 'English', 'Show the English text only'],
                 ['zh', '中文', '只显示中文'],
                 ['both', 'EN + 中文', 'Show both languages · 两种语言都显示']];
  function valid(v) { return v === 'en' || v === 'zh' || v === 'both'; }
  function stored() {
    try { var v = window.localStorage.getItem(KEY); if (valid(v)) return v; } catch (e) { /* storage blocked */ }
    return 'both';
  }
  function mark(v) {
    document.documentElement.setAttribute('data-lang', v);
    document.documentElement.lang = v === 'zh' ? 'zh-Hans' : 'en';   // for screen readers and hyphenation
    var buttons = document.querySelectorAll('.lang-switch button');
    for (var i = 0; i < buttons.length; i++)
      buttons[i].setAttribute('aria-pressed', buttons[i].getAttribute('data-lang-choice') === v ? 'true' : 'false');
  }
  function choose(v) {
    if (!valid(v)) return;
    try { window.localStorage.setItem(KEY, v); } catch (e) { /* storage blocked: the choice lasts for this page */ }
    mark(v);
  }
  // A link may choose the language: page.html?lang=zh
  var asked = (window.location.search.match(/[?&]lang=(en|zh|both)\b/) || [])[1];
  if (asked) choose(asked);
  // Set the language before the page is drawn, so the hidden language never flashes.
  mark(stored());
  // pydata-sphinx-theme reads its colour mode from localStorage and logs a console error on a
  // first visit, when there is none yet: start it at "auto", the theme's own default.
  if (!document.documentElement.dataset.mode) document.documentElement.dataset.mode = 'auto';

  // Part captions of the navigation ("Lessons · 课程") are plain text: split them into two spans.
  function splitCaptions() {
    var caps = document.querySelectorAll('.bd-sidebar .caption-text, .bd-sidebar p.caption span');
    for (var i = 0; i < caps.length; i++) {
      var c = caps[i], text = c.textContent, at = text.indexOf(' · ');
      if (at < 0 || c.querySelector('.lang-en')) continue;
      c.textContent = '';
      [['lang-en', text.slice(0, at)], ['lang-sep', ' · '], ['lang-zh', text.slice(at + 3)]].forEach(function (p) {
        var s = document.createElement('span'); s.className = p[0]; s.textContent = p[1]; c.appendChild(s);
      });
    }
  }
  function addSwitch() {
    if (document.querySelector('.lang-switch')) return;
    var box = document.createElement('div');
    box.className = 'lang-switch';
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', 'Language · 语言');
    CHOICES.forEach(function (c) {
      var b = document.createElement('button');
      b.type = 'button'; b.className = 'lang-switch-btn';
      b.setAttribute('data-lang-choice', c[0]); b.title = c[2]; b.textContent = c[1];
      b.addEventListener('click', function () { choose(c[0]); });
      box.appendChild(b);
    });
    var where = document.querySelector('.article-header-buttons') ||
                document.querySelector('.header-article-items__end') ||
                document.querySelector('.bd-header-article');
    if (where) where.insertBefore(box, where.firstChild);
    else { box.classList.add('lang-switch-floating'); document.body.appendChild(box); }
    mark(stored());
  }
  // Mark the Chinese parts as simplified Chinese, so the browser picks simplified glyphs.
  function markChinese() {
    var zh = document.querySelectorAll('.lang-zh');
    for (var i = 0; i < zh.length; i++) if (!zh[i].lang) zh[i].lang = 'zh-Hans';
  }
  function ready() { splitCaptions(); markChinese(); addSwitch(); }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
  // Another tab changed the language: follow it.
  window.addEventListener('storage', function (e) { if (e.key === KEY && valid(e.newValue)) mark(e.newValue); });
})();
