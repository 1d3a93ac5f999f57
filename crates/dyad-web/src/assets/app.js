// dyad web app: vanilla JS, no build step. Every piece of data from the API (article text,
// titles, actor names, URLs) is put into the page as text nodes or attribute values of
// elements created here; nothing from the data is ever parsed as HTML.
'use strict';

const QUAD_NAMES = ['verbal cooperation', 'material cooperation', 'verbal conflict', 'material conflict'];
const QUAD_COLOURS = ['#86efac', '#16a34a', '#fca5a5', '#dc2626'];
const EVENT_TYPES = ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', 'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE',
  'REJECT', 'THREATEN', 'PROTEST', 'SANCTION', 'MOBILIZE', 'COERCE', 'ASSAULT'];
const SVG_NS = 'http://www.w3.org/2000/svg';

// ---------------------------------------------------------------------------------------
// DOM helpers

/** An element with attributes and children (strings become text nodes). */
function el(tag, attrs, ...kids) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, kids);
  return e;
}

function svg(tag, attrs, ...kids) {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  append(e, kids);
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'onclick' || k === 'onsubmit' || k === 'onchange' || k === 'oninput') e.addEventListener(k.slice(2), v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, String(v));
  }
}

function append(e, kids) {
  for (const k of kids.flat(Infinity)) {
    if (k === null || k === undefined || k === false) continue;
    e.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

/** A link only for http(s) URLs; anything else is shown as text. */
function safeLink(url, label) {
  try {
    const u = new URL(url);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      return el('a', { href: u.href, rel: 'noopener noreferrer nofollow', target: '_blank' }, label || u.href);
    }
  } catch (_) { /* not a URL */ }
  return document.createTextNode(label || String(url));
}

function main() { return document.getElementById('main'); }

function show(...kids) {
  const m = main();
  m.replaceChildren();
  append(m, kids);
}

function fmt(n, digits) {
  if (n === null || n === undefined) return '';
  return typeof n === 'number' ? n.toLocaleString('en', { maximumFractionDigits: digits === undefined ? 2 : digits }) : String(n);
}

// ---------------------------------------------------------------------------------------
// API

async function api(path, params, init) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  }
  const q = qs.toString();
  const resp = await fetch('/api/' + path + (q ? '?' + q : ''), init);
  let body;
  try { body = await resp.json(); } catch (_) { body = null; }
  if (!resp.ok) throw new Error((body && body.error) || ('HTTP ' + resp.status));
  return body;
}

function errorBox(e) { return el('p', { class: 'error' }, String(e && e.message ? e.message : e)); }

// ---------------------------------------------------------------------------------------
// Routing: #/page/arg?query

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, query] = h.split('?');
  const parts = path.split('/').filter(Boolean);
  return { page: parts[0] || 'overview', arg: parts[1], params: Object.fromEntries(new URLSearchParams(query || '')) };
}

function go(page, params) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== undefined && v !== null && v !== '') qs.set(k, v);
  const q = qs.toString();
  location.hash = '#/' + page + (q ? '?' + q : '');
}

let renderSeq = 0;
async function route() {
  const { page, arg, params } = parseHash();
  const seq = ++renderSeq;
  document.querySelectorAll('#nav a[data-page]').forEach(a => a.classList.toggle('active', a.dataset.page === page ||
    (page === 'event' && a.dataset.page === 'events') || (page === 'document' && a.dataset.page === 'events')));
  const pages = { overview, events: eventsPage, event: eventPage, document: documentPage, network, dyad: dyadPage, clusters: clustersPage, try: tryPage };
  const f = pages[page];
  document.body.dataset.page = page;
  document.body.dataset.ready = '0';
  if (!f) { show(el('h1', {}, 'Not found'), el('p', {}, 'No such page.')); return; }
  try {
    await f(arg, params, () => seq === renderSeq);
  } catch (e) {
    if (seq === renderSeq) show(el('h1', {}, 'Error'), errorBox(e));
  }
  if (seq === renderSeq) document.body.dataset.ready = '1';
}

window.addEventListener('hashchange', route);
window.addEventListener('DOMContentLoaded', route);

// ---------------------------------------------------------------------------------------
// Shared pieces

let summaryCache = null;
async function summary() {
  if (!summaryCache) summaryCache = await api('summary');
  return summaryCache;
}

function actorLabel(list) {
  if (!Array.isArray(list) || !list.length) return '—';
  return list.map(a => a.code + (a.sector ? ' ' + a.sector : '')).join(' + ');
}

function actorNames(list) {
  if (!Array.isArray(list) || !list.length) return '';
  return list.map(a => a.name ? a.name + ' (' + a.text + ')' : a.text).join(', ');
}

function quadBadge(q) {
  return el('span', { class: 'badge q' + q, title: QUAD_NAMES[q - 1] || '' }, 'Q' + q + ' ' + (QUAD_NAMES[q - 1] || ''));
}

function flags(ev) {
  return [
    ev.negated ? el('span', { class: 'badge flag-neg', title: 'negated: not an asserted event' }, 'negated') : null,
    ev.hypothetical ? el('span', { class: 'badge flag-hyp', title: 'hypothetical or speculative: not an asserted event' }, 'speculative') : null,
    ev.future ? el('span', { class: 'badge flag-fut', title: 'future or intended' }, 'future') : null,
  ];
}

/** The attribution as a sentence: "according to Reuters, citing an unnamed source". */
function attributionText(att) {
  if (!att) return null;
  const sp = att.speaker;
  let who = null;
  if (sp) {
    if (att.anonymous) who = 'an unnamed source (\u201c' + sp.text + '\u201d)';
    else who = sp.name && sp.name !== sp.text ? sp.name + ' (\u201c' + sp.text + '\u201d)' : sp.text;
  } else if (att.anonymous) {
    who = 'an unnamed source';
  }
  let s;
  if (att.outlet && who) s = 'according to ' + att.outlet.name + ', citing ' + who;
  else if (att.outlet) s = 'according to ' + att.outlet.name;
  else if (who) s = 'according to ' + who;
  else return null;
  if (att.cue) s += ' [\u201c' + att.cue + '\u201d]';
  return s;
}

function dyadArrow(ev) {
  return [el('b', {}, actorLabel(ev.source)), ' \u2192 ', el('b', {}, actorLabel(ev.target))];
}

/**
 * The document text with highlighted spans. Offsets are Unicode code points (as stored);
 * spans: [{start, end, cls, title, onclick}]. Returns a <div>.
 */
function highlightedText(text, spans) {
  const cps = Array.from(text || '');
  const cuts = new Set([0, cps.length]);
  const ok = spans.filter(s => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end <= cps.length && s.start < s.end);
  for (const s of ok) { cuts.add(s.start); cuts.add(s.end); }
  const points = Array.from(cuts).sort((a, b) => a - b);
  const div = el('div', { class: 'doctext' });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = cps.slice(a, b).join('');
    const covering = ok.filter(s => s.start <= a && s.end >= b);
    if (!covering.length) { div.appendChild(document.createTextNode(piece)); continue; }
    const span = el('span', { class: covering.map(s => s.cls).join(' '), title: covering.map(s => s.title).filter(Boolean).join('; ') || null }, piece);
    const click = covering.find(s => s.onclick);
    if (click) span.addEventListener('click', click.onclick);
    div.appendChild(span);
  }
  return div;
}

function eventSpans(ev) {
  const spans = [];
  for (const a of ev.source || []) spans.push({ start: a.start, end: a.end, cls: 'hl-source', title: 'source: ' + a.code + (a.name ? ' (' + a.name + ')' : '') });
  for (const a of ev.target || []) spans.push({ start: a.start, end: a.end, cls: 'hl-target', title: 'target: ' + a.code + (a.name ? ' (' + a.name + ')' : '') });
  if (ev.trigger) spans.push({ start: ev.trigger.start, end: ev.trigger.end, cls: 'hl-trigger', title: 'trigger: ' + ev.event });
  if (ev.date_text) spans.push({ start: ev.date_text.start, end: ev.date_text.end, cls: 'hl-date', title: 'date: ' + ev.event_date });
  return spans;
}

function legend() {
  return el('div', { class: 'legend' },
    el('span', {}, el('i', { class: 'sw-source' }), 'source'),
    el('span', {}, el('i', { class: 'sw-target' }), 'target'),
    el('span', {}, el('i', { class: 'sw-trigger' }), 'trigger'),
    el('span', { class: 'muted' }, 'dotted: other events in the text (click)'));
}

function quadLegend() {
  return el('div', { class: 'legend' }, QUAD_NAMES.map((n, i) => el('span', {}, el('i', { class: 'sw-q' + (i + 1) }), n)));
}

/** Details of one event (the card beside the text). */
function eventCard(ev, doc) {
  const att = attributionText(ev.attribution);
  const unasserted = ev.negated || ev.hypothetical;
  return el('div', { class: 'card', id: 'event-card' },
    el('div', { class: 'toolbar' }, el('span', { class: 'badge ev' }, ev.event + (ev.mode ? ' / ' + ev.mode : '')), quadBadge(ev.quad), flags(ev)),
    el('h2', { id: 'event-dyad' }, dyadArrow(ev)),
    unasserted ? el('p', { class: 'modality', id: 'modality' },
      ev.negated ? 'Negated: the text says this did not happen. ' : '',
      ev.hypothetical ? 'Speculative: the text says this might happen (condition, possibility or report of an intention). ' : '',
      'Not counted as an asserted event.') : null,
    el('p', { class: 'attribution', id: 'attribution' },
      att ? att.charAt(0).toUpperCase() + att.slice(1) + '.' : 'No attribution in the sentence: stated by the article' + (doc && doc.outlet ? ' (' + doc.outlet + ')' : '') + '.'),
    el('dl', { class: 'kv' },
      el('dt', {}, 'source'), el('dd', {}, actorNames(ev.source) || '—'),
      el('dt', {}, 'target'), el('dd', {}, actorNames(ev.target) || '—'),
      el('dt', {}, 'trigger'), el('dd', {}, ev.trigger ? '\u201c' + ev.trigger.text + '\u201d' : ''),
      el('dt', {}, 'date'), el('dd', {}, (ev.event_date || 'unknown') + (ev.date_precision ? ' (' + ev.date_precision + (ev.date_text ? ': \u201c' + ev.date_text.text + '\u201d' : '') + ')' : '')),
      el('dt', {}, 'CAMEO'), el('dd', {}, ev.cameo),
      el('dt', {}, 'Goldstein'), el('dd', {}, fmt(ev.goldstein, 1)),
      el('dt', {}, 'PLOVER score'), el('dd', {}, fmt(ev.plover_score, 1)),
      ev.context && ev.context.length ? [el('dt', {}, 'context'), el('dd', {}, ev.context.join(', '))] : null,
      el('dt', {}, 'rules'), el('dd', {}, (ev.rule || []).join(' \u2192 '))),
  );
}

// ---------------------------------------------------------------------------------------
// Charts (SVG built with DOM calls)

/** Stacked bars of counts per period; rows: [{period, values: [..4], total}] */
function stackedBars(rows, colours, opts) {
  const W = 900, H = opts && opts.height || 220, L = 44, B = 36, T = 10;
  const max = Math.max(1, ...rows.map(r => r.values.reduce((a, b) => a + b, 0)));
  const bw = (W - L - 10) / Math.max(1, rows.length);
  const g = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': opts && opts.label || 'chart' });
  g.appendChild(svg('line', { class: 'axis', x1: L, y1: H - B, x2: W - 5, y2: H - B }));
  for (const f of [0, 0.5, 1]) {
    const y = H - B - f * (H - B - T);
    g.appendChild(svg('text', { x: L - 6, y: y + 4, 'text-anchor': 'end' }, fmt(Math.round(max * f))));
  }
  const labelEvery = Math.ceil(rows.length / 12);
  rows.forEach((r, i) => {
    let y = H - B;
    const x = L + i * bw;
    r.values.forEach((v, k) => {
      if (!v) return;
      const h = v / max * (H - B - T);
      y -= h;
      g.appendChild(svg('rect', { x: x + 1, y, width: Math.max(1, bw - 2), height: h, fill: colours[k] },
        svg('title', {}, r.period + ': ' + v + ' ' + (opts && opts.names ? opts.names[k] : ''))));
    });
    if (i % labelEvery === 0) g.appendChild(svg('text', { x: x + bw / 2, y: H - B + 14, 'text-anchor': 'middle' }, r.period));
  });
  return g;
}

/** Cooperation up, conflict down, mean Goldstein as a line. */
function coopConflictChart(series) {
  const W = 900, H = 260, L = 44, R = 44, T = 10, B = 30;
  const mid = T + (H - T - B) / 2;
  const max = Math.max(1, ...series.map(s => Math.max(s.by_quad[0] + s.by_quad[1], s.by_quad[2] + s.by_quad[3])));
  const bw = (W - L - R) / Math.max(1, series.length);
  const half = (H - T - B) / 2;
  const g = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': 'cooperation and conflict over time', id: 'dyad-chart' });
  g.appendChild(svg('line', { class: 'axis', x1: L, y1: mid, x2: W - R, y2: mid }));
  g.appendChild(svg('text', { x: L - 6, y: T + 10, 'text-anchor': 'end' }, fmt(max)));
  g.appendChild(svg('text', { x: L - 6, y: H - B, 'text-anchor': 'end' }, fmt(max)));
  g.appendChild(svg('text', { x: W - R + 6, y: T + 10 }, '+10'));
  g.appendChild(svg('text', { x: W - R + 6, y: H - B }, '\u221210'));
  const labelEvery = Math.ceil(series.length / 10);
  const pts = [];
  series.forEach((s, i) => {
    const x = L + i * bw;
    let y = mid;
    for (const k of [1, 0]) {
      const h = s.by_quad[k] / max * half;
      y -= h;
      if (h) g.appendChild(svg('rect', { x: x + 1, y, width: Math.max(1, bw - 2), height: h, fill: QUAD_COLOURS[k] }, svg('title', {}, s.period + ': ' + s.by_quad[k] + ' ' + QUAD_NAMES[k])));
    }
    y = mid;
    for (const k of [2, 3]) {
      const h = s.by_quad[k] / max * half;
      if (h) g.appendChild(svg('rect', { x: x + 1, y, width: Math.max(1, bw - 2), height: h, fill: QUAD_COLOURS[k] }, svg('title', {}, s.period + ': ' + s.by_quad[k] + ' ' + QUAD_NAMES[k])));
      y += h;
    }
    if (s.n) pts.push([x + bw / 2, mid - s.goldstein_mean / 10 * half, s]);
    if (i % labelEvery === 0) g.appendChild(svg('text', { x: x + bw / 2, y: H - 6, 'text-anchor': 'middle' }, s.period));
  });
  if (pts.length > 1) g.appendChild(svg('polyline', { points: pts.map(p => p[0].toFixed(1) + ',' + p[1].toFixed(1)).join(' '), fill: 'none', stroke: '#1f2937', 'stroke-width': 1.5 }));
  for (const [x, y, s] of pts) g.appendChild(svg('circle', { cx: x, cy: y, r: 2.5, fill: '#1f2937' }, svg('title', {}, s.period + ': mean Goldstein ' + s.goldstein_mean + ', mean PLOVER ' + s.plover_mean)));
  return g;
}

/** The series with an empty entry for every period without events, so that time is linear. */
function fillPeriods(series, bucket, empty) {
  if (series.length < 2) return series;
  const have = new Map(series.map(r => [r.period, r]));
  const out = [];
  const next = p => {
    if (bucket === 'year') return String(Number(p) + 1);
    if (bucket === 'month') { let [y, m] = p.split('-').map(Number); m += 1; if (m > 12) { m = 1; y += 1; } return y + '-' + String(m).padStart(2, '0'); }
    const d = new Date(p + 'T00:00:00Z'); d.setUTCDate(d.getUTCDate() + (bucket === 'week' ? 7 : 1)); return d.toISOString().slice(0, 10);
  };
  const last = series[series.length - 1].period;
  for (let p = series[0].period, n = 0; p <= last && n < 5000; p = next(p), n++) out.push(have.get(p) || empty(p));
  return out.length < 5000 ? out : series;
}

function pickBucket(from, to) {
  if (!from || !to) return 'month';
  const days = (Date.parse(to.slice(0, 10)) - Date.parse(from.slice(0, 10))) / 864e5;
  if (!(days >= 0)) return 'month';
  if (days > 1100) return 'month';
  if (days > 120) return 'week';
  return 'day';
}

// ---------------------------------------------------------------------------------------
// Overview

async function overview(_arg, params, current) {
  const s = await summary();
  const from = params.from || (s.last_event_date ? String(Number(s.last_event_date.slice(0, 4)) - 8) + '-01-01' : '');
  const to = params.to || s.last_event_date || '';
  const bucket = params.bucket || pickBucket(from, to);
  const q = { from, to };
  const [tl, actors, dyads] = await Promise.all([
    api('timeline', { ...q, bucket }), api('actors', { ...q, limit: 15 }), api('dyads', { ...q, limit: 15 })]);
  if (!current()) return;
  const form = el('form', { class: 'filters', onsubmit: e => { e.preventDefault(); const f = new FormData(form); go('overview', Object.fromEntries(f)); } },
    el('label', {}, 'from', el('input', { name: 'from', value: from, placeholder: 'YYYY-MM-DD', size: 10 })),
    el('label', {}, 'to', el('input', { name: 'to', value: to, placeholder: 'YYYY-MM-DD', size: 10 })),
    el('label', {}, 'per', bucketSelect(bucket)),
    el('button', { type: 'submit' }, 'Show'));
  const maxA = Math.max(1, ...actors.actors.map(a => a.mentions));
  const maxD = Math.max(1, ...dyads.dyads.map(d => d.n));
  show(
    el('h1', {}, 'Overview'),
    el('div', { class: 'card stats' },
      el('div', { class: 'stat' }, el('b', { id: 'n-events' }, fmt(s.events)), 'events'),
      el('div', { class: 'stat' }, el('b', {}, fmt(s.documents)), 'documents'),
      el('div', { class: 'stat' }, el('b', {}, fmt(s.clusters)), 'clusters (distinct events)'),
      el('div', { class: 'stat' }, el('b', {}, (s.first_event_date || '?') + ' \u2013 ' + (s.last_event_date || '?')), 'event dates'),
      el('div', { class: 'stat' }, el('b', {}, fmt(s.outlets.length)), 'outlets')),
    el('div', { class: 'card' }, form),
    el('div', { class: 'card' }, el('h2', {}, 'Asserted events per ' + bucket + ' by quad class'), quadLegend(),
      tl.series.length ? stackedBars(fillPeriods(tl.series, bucket, p => ({ period: p, by_quad: [0, 0, 0, 0] })).map(r => ({ period: r.period, values: r.by_quad })), QUAD_COLOURS, { names: QUAD_NAMES, label: 'events over time by quad class' }) : el('p', { class: 'muted' }, 'No dated events in this period.')),
    el('div', { class: 'grid2' },
      el('div', { class: 'card' }, el('h2', {}, 'Top actors'),
        el('table', { id: 'top-actors' }, el('tr', {}, el('th', {}, 'actor'), el('th', { class: 'num' }, 'as source'), el('th', { class: 'num' }, 'as target'), el('th', {}, 'mentions')),
          actors.actors.map(a => el('tr', { class: 'click', onclick: () => go('events', { actor: a.code, from, to }) },
            el('td', {}, el('b', {}, a.code), ' ', el('span', { class: 'muted' }, a.name || '')),
            el('td', { class: 'num' }, fmt(a.as_source)), el('td', { class: 'num' }, fmt(a.as_target)),
            el('td', {}, el('span', { class: 'bar', style: null, 'data-w': a.mentions }), ' ', fmt(a.mentions)))))),
      el('div', { class: 'card' }, el('h2', {}, 'Top dyads'),
        el('table', { id: 'top-dyads' }, el('tr', {}, el('th', {}, 'source \u2192 target'), el('th', { class: 'num' }, 'events'), el('th', { class: 'num' }, 'mean Goldstein')),
          dyads.dyads.map(d => el('tr', { class: 'click', onclick: () => go('dyad', { a: d.source, b: d.target, from, to }) },
            el('td', {}, el('b', {}, d.source), ' \u2192 ', el('b', {}, d.target), ' ', el('span', { class: 'muted' }, (d.source_name || '') + ' \u2192 ' + (d.target_name || ''))),
            el('td', { class: 'num' }, fmt(d.n)), el('td', { class: 'num' }, fmt(d.goldstein_mean, 2))))))),
  );
  // bar widths through the CSSOM (CSP forbids style attributes in markup, not style properties)
  document.querySelectorAll('#top-actors .bar').forEach(b => { b.style.width = (Number(b.dataset.w) / maxA * 80) + 'px'; });
  void maxD;
}

function bucketSelect(bucket) {
  const s = el('select', { name: 'bucket' }, ['day', 'week', 'month', 'year'].map(b => el('option', { value: b }, b)));
  s.value = bucket;
  return s;
}

// ---------------------------------------------------------------------------------------
// Events

const EVENT_FILTERS = ['actor', 'source', 'target', 'pair', 'event', 'quad', 'from', 'to', 'text', 'outlet', 'negated', 'hypothetical', 'cluster', 'document'];

async function eventsPage(_arg, params, current) {
  const s = await summary();
  const q = {};
  for (const k of EVENT_FILTERS) if (params[k]) q[k] = params[k];
  const input = (name, label, extra) => el('label', {}, label, el('input', { name, id: 'f-' + name, value: params[name] || '', ...(extra || {}) }));
  const select = (name, label, options) => {
    const sel = el('select', { name, id: 'f-' + name }, el('option', { value: '' }, 'any'), options.map(([v, t]) => el('option', { value: v }, t)));
    sel.value = params[name] || '';
    return el('label', {}, label, sel);
  };
  const form = el('form', { class: 'filters', id: 'event-filters', onsubmit: e => {
    e.preventDefault();
    const f = Object.fromEntries(new FormData(form));
    for (const k of ['actor', 'source', 'target']) if (f[k]) f[k] = f[k].trim().toUpperCase();
    go('events', f);
  } },
    input('actor', 'actor (either side)', { class: 'code', placeholder: 'IRN' }),
    input('source', 'source', { class: 'code', placeholder: 'USA' }),
    input('target', 'target', { class: 'code', placeholder: 'SYR' }),
    select('event', 'event type', EVENT_TYPES.map(t => [t, t])),
    select('quad', 'quad class', QUAD_NAMES.map((n, i) => [String(i + 1), (i + 1) + ' ' + n])),
    input('from', 'from', { placeholder: 'YYYY-MM-DD', size: 10 }),
    input('to', 'to', { placeholder: 'YYYY-MM-DD', size: 10 }),
    input('text', 'words in the article', { size: 14 }),
    select('outlet', 'outlet', s.outlets.map(o => [o.outlet, o.outlet + ' (' + o.documents + ')'])),
    select('negated', 'negated', [['true', 'only negated'], ['false', 'not negated']]),
    select('hypothetical', 'speculative', [['true', 'only speculative'], ['false', 'not speculative']]),
    el('button', { type: 'submit', id: 'f-submit' }, 'Filter'),
    el('button', { type: 'button', class: 'plain', onclick: () => go('events', {}) }, 'Clear'));
  const tbody = el('tbody', { id: 'events-body' });
  const status = el('p', { class: 'muted', id: 'events-status' }, 'Loading…');
  const more = el('button', { class: 'plain', id: 'more', hidden: true }, 'More');
  show(el('h1', {}, 'Events'), el('div', { class: 'card' }, form),
    params.pair ? el('p', {}, 'Dyad ' + params.pair.replace(',', ' \u2194 ') + ' (primary actors, both directions)') : null,
    params.cluster ? el('p', {}, 'Reports of cluster ' + params.cluster) : null,
    el('div', { class: 'card' }, status,
      el('table', { id: 'events-table' }, el('thead', {}, el('tr', {}, ['date', 'event', 'quad', 'source \u2192 target', 'trigger', '', 'outlet', 'document'].map(h => el('th', {}, h)))), tbody),
      more));
  let cursor = null;
  let shown = 0;
  const load = async () => {
    more.disabled = true;
    const r = await api('events', { ...q, limit: 50, cursor, count: cursor ? null : 'true' });
    if (!current()) return;
    for (const ev of r.events) tbody.appendChild(eventRow(ev));
    shown += r.events.length;
    if (r.total !== undefined) status.dataset.total = r.total;
    status.textContent = fmt(shown) + ' of ' + fmt(Number(status.dataset.total)) + ' events, newest first';
    cursor = r.next_cursor;
    more.hidden = !cursor;
    more.disabled = false;
  };
  more.addEventListener('click', () => load().catch(e => status.replaceWith(errorBox(e))));
  await load();
}

function eventRow(ev) {
  return el('tr', { class: 'click event-row', 'data-id': ev.id, onclick: () => go('event/' + ev.id) },
    el('td', {}, ev.event_date || ''),
    el('td', {}, el('span', { class: 'badge ev' }, ev.event)),
    el('td', {}, el('span', { class: 'badge q' + ev.quad, title: QUAD_NAMES[ev.quad - 1] }, String(ev.quad))),
    el('td', {}, dyadArrow(ev)),
    el('td', {}, ev.trigger ? ev.trigger.text : ''),
    el('td', {}, flags(ev)),
    el('td', {}, ev.document.outlet || ''),
    el('td', {}, ev.document.title || ev.document.key));
}

// ---------------------------------------------------------------------------------------
// Event and document view

async function eventPage(arg) {
  const ev = await api('events/' + encodeURIComponent(arg || ''));
  const doc = await api('documents/' + ev.document.id);
  renderDocument(doc, ev.id, ev.other_reports || []);
}

async function documentPage(arg, params) {
  const doc = await api('documents/' + encodeURIComponent(arg || ''));
  const first = params.event ? Number(params.event) : (doc.events[0] && doc.events[0].id);
  let others = [];
  if (first) {
    try { others = (await api('events/' + first)).other_reports || []; } catch (_) { /* shown without */ }
  }
  renderDocument(doc, first, others);
}

function renderDocument(doc, selectedId, otherReports) {
  const textBox = el('div', { class: 'card', id: 'doc-text' });
  const cardBox = el('div', { id: 'event-side' });
  const list = el('div', { class: 'evlist', id: 'doc-events' });
  const select = (id, others) => {
    const ev = doc.events.find(e => e.id === id);
    const spans = [];
    for (const o of doc.events) {
      if (ev && o.id === ev.id) continue;
      if (o.trigger) spans.push({ start: o.trigger.start, end: o.trigger.end, cls: 'hl-other', title: o.event + ': ' + actorLabel(o.source) + ' \u2192 ' + actorLabel(o.target), onclick: () => select(o.id, null) });
    }
    if (ev) spans.push(...eventSpans(ev));
    textBox.replaceChildren(legend(), highlightedText(doc.text, spans));
    list.querySelectorAll('.item').forEach(it => it.classList.toggle('sel', Number(it.dataset.id) === id));
    cardBox.replaceChildren();
    if (ev) {
      cardBox.appendChild(eventCard(ev, doc));
      const reports = el('div', { class: 'card', id: 'other-reports' }, el('h2', {}, 'Other reports of this event'));
      if (others === null) {
        api('events/' + ev.id).then(full => fillReports(reports, full.other_reports || [])).catch(e => reports.appendChild(errorBox(e)));
      } else fillReports(reports, others);
      cardBox.appendChild(reports);
      const mark = textBox.querySelector('.hl-trigger');
      if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: 'center' });
      if (location.hash !== '#/event/' + ev.id) history.replaceState(null, '', '#/event/' + ev.id);
    }
  };
  for (const ev of doc.events) {
    list.appendChild(el('div', { class: 'item' + (ev.negated || ev.hypothetical ? ' unasserted' : ''), 'data-id': ev.id, onclick: () => select(ev.id, null) },
      el('span', { class: 'badge ev' }, ev.event), ' ', dyadArrow(ev), ' ', flags(ev),
      el('div', { class: 'muted' }, '\u201c' + (ev.trigger ? ev.trigger.text : '') + '\u201d, ' + (ev.event_date || 'undated'))));
  }
  show(
    el('h1', { id: 'doc-title' }, doc.title || doc.key),
    el('p', { class: 'muted' }, [doc.outlet, doc.published, doc.language].filter(Boolean).join(' \u00b7 '), doc.url ? [' \u00b7 ', safeLink(doc.url, 'original')] : null,
      ' \u00b7 ', el('a', { href: '#/document/' + doc.id }, 'document ' + doc.id), ' \u00b7 ', doc.events.length + ' events'),
    el('div', { class: 'grid-doc' }, textBox, el('div', {}, cardBox, el('div', { class: 'card' }, el('h2', {}, 'Events in this article'), list))));
  select(selectedId, otherReports);
}

function fillReports(box, reports) {
  if (!reports.length) { box.appendChild(el('p', { class: 'muted' }, 'No other report in the store.')); return; }
  const ul = el('ul', {});
  for (const r of reports) {
    ul.appendChild(el('li', {}, el('a', { href: '#/event/' + r.id }, (r.document.title || r.document.key)), ' ',
      el('span', { class: 'muted' }, [r.document.outlet, r.document.published].filter(Boolean).join(', ')), ' ', flags(r)));
  }
  box.appendChild(ul);
}

// ---------------------------------------------------------------------------------------
// Network

async function network(_arg, params, current) {
  const s = await summary();
  const from = params.from || (s.last_event_date ? String(Number(s.last_event_date.slice(0, 4)) - 8) + '-01-01' : '');
  const to = params.to || s.last_event_date || '';
  const limit = params.limit || '60';
  const r = await api('dyads', { from, to, limit, event: params.event });
  if (!current()) return;
  const form = el('form', { class: 'filters', onsubmit: e => { e.preventDefault(); go('network', Object.fromEntries(new FormData(form))); } },
    el('label', {}, 'from', el('input', { name: 'from', value: from, size: 10 })),
    el('label', {}, 'to', el('input', { name: 'to', value: to, size: 10 })),
    el('label', {}, 'edges', el('input', { name: 'limit', value: limit, size: 4 })),
    el('button', { type: 'submit' }, 'Show'));
  show(el('h1', {}, 'Network'), el('div', { class: 'card' }, form),
    el('div', { class: 'card' },
      el('p', { class: 'muted' }, 'Actors (primary codes) as nodes; an arrow per directed dyad, green for mostly cooperation, red for mostly conflict, width by number of asserted events. Click an edge to open the dyad, a node for its events.'),
      r.dyads.length ? networkSvg(r.dyads, from, to) : el('p', { class: 'muted' }, 'No interactions in this period.')));
}

function networkSvg(dyads, from, to) {
  const W = 900, H = 640;
  const codes = Array.from(new Set(dyads.flatMap(d => [d.source, d.target])));
  const weight = Object.fromEntries(codes.map(c => [c, 0]));
  for (const d of dyads) { weight[d.source] += d.n; weight[d.target] += d.n; }
  codes.sort((a, b) => weight[b] - weight[a] || (a < b ? -1 : 1));
  // deterministic Fruchterman-Reingold layout, starting from a circle
  const pos = {};
  codes.forEach((c, i) => { const a = 2 * Math.PI * i / codes.length; pos[c] = { x: W / 2 + 260 * Math.cos(a), y: H / 2 + 260 * Math.sin(a) }; });
  const k = Math.sqrt(W * H / Math.max(1, codes.length)) * 1.1;
  const ITER = 300;
  for (let it = 0; it < ITER; it++) {
    const disp = Object.fromEntries(codes.map(c => [c, { x: 0, y: 0 }]));
    for (let i = 0; i < codes.length; i++) for (let j = i + 1; j < codes.length; j++) {
      const a = pos[codes[i]], b = pos[codes[j]];
      const dx = a.x - b.x, dy = a.y - b.y; const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = k * k / d;
      disp[codes[i]].x += dx / d * f; disp[codes[i]].y += dy / d * f; disp[codes[j]].x -= dx / d * f; disp[codes[j]].y -= dy / d * f;
    }
    for (const e of dyads) {
      const a = pos[e.source], b = pos[e.target];
      const dx = b.x - a.x, dy = b.y - a.y; const d = Math.max(Math.sqrt(dx * dx + dy * dy), 1);
      const f = d * d / k;
      disp[e.source].x += dx / d * f; disp[e.source].y += dy / d * f; disp[e.target].x -= dx / d * f; disp[e.target].y -= dy / d * f;
    }
    const temp = 60 * (1 - it / ITER) + 0.5;
    for (const c of codes) {
      disp[c].x += (W / 2 - pos[c].x) * 0.05 * k / 100; disp[c].y += (H / 2 - pos[c].y) * 0.05 * k / 100;
      const m = Math.sqrt(disp[c].x ** 2 + disp[c].y ** 2);
      if (m > 0) { pos[c].x += disp[c].x / m * Math.min(m, temp); pos[c].y += disp[c].y / m * Math.min(m, temp); }
      pos[c].x = Math.min(W - 40, Math.max(40, pos[c].x)); pos[c].y = Math.min(H - 40, Math.max(40, pos[c].y));
    }
  }
  const maxN = Math.max(1, ...dyads.map(d => d.n));
  const g = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, id: 'network-svg', role: 'img', 'aria-label': 'actor network' },
    svg('defs', {}, ['coop', 'conf', 'mix'].map(k => svg('marker', { id: 'arrow-' + k, viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' },
      svg('path', { d: 'M0,0 L10,5 L0,10 z', fill: k === 'coop' ? '#16a34a' : k === 'conf' ? '#dc2626' : '#6b7280' })))));
  const edges = svg('g', {});
  const nodes = svg('g', {});
  const radius = c => 10 + 14 * Math.sqrt(weight[c] / Math.max(1, weight[codes[0]]));
  for (const d of dyads) {
    const a = pos[d.source], b = pos[d.target];
    const share = d.cooperation / Math.max(1, d.cooperation + d.conflict);
    const kind = share >= 0.6 ? 'coop' : share <= 0.4 ? 'conf' : 'mix';
    const colour = kind === 'coop' ? '#16a34a' : kind === 'conf' ? '#dc2626' : '#6b7280';
    const dx = b.x - a.x, dy = b.y - a.y; const len = Math.max(1, Math.sqrt(dx * dx + dy * dy));
    const ra = radius(d.source), rb = radius(d.target) + 4;
    const x1 = a.x + dx / len * ra, y1 = a.y + dy / len * ra, x2 = b.x - dx / len * rb, y2 = b.y - dy / len * rb;
    // bend so that A->B and B->A do not overlap
    const mx = (x1 + x2) / 2 - dy / len * 18, my = (y1 + y2) / 2 + dx / len * 18;
    edges.appendChild(svg('path', {
      class: 'edge', d: `M${x1.toFixed(1)},${y1.toFixed(1)} Q${mx.toFixed(1)},${my.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`,
      stroke: colour, 'stroke-opacity': 0.7, 'stroke-width': (1 + 9 * Math.sqrt(d.n / maxN)).toFixed(1), 'marker-end': 'url(#arrow-' + kind + ')',
      'data-a': d.source, 'data-b': d.target, onclick: () => go('dyad', { a: d.source, b: d.target, from, to }),
    }, svg('title', {}, d.source + ' \u2192 ' + d.target + ': ' + d.n + ' events (' + d.cooperation + ' cooperation, ' + d.conflict + ' conflict), mean Goldstein ' + d.goldstein_mean)));
  }
  for (const c of codes) {
    const p = pos[c];
    nodes.appendChild(svg('g', { class: 'node', 'data-code': c, onclick: () => go('events', { actor: c, from, to }) },
      svg('circle', { cx: p.x.toFixed(1), cy: p.y.toFixed(1), r: radius(c).toFixed(1) }),
      svg('text', { x: p.x.toFixed(1), y: (p.y + 4).toFixed(1), 'text-anchor': 'middle' }, c),
      svg('title', {}, c + ': ' + weight[c] + ' events in these dyads')));
  }
  g.appendChild(edges);
  g.appendChild(nodes);
  return g;
}

// ---------------------------------------------------------------------------------------
// Dyad

async function dyadPage(_arg, params, current) {
  const a = (params.a || '').toUpperCase(), b = (params.b || '').toUpperCase();
  const form = el('form', { class: 'filters', id: 'dyad-form', onsubmit: e => { e.preventDefault(); const f = Object.fromEntries(new FormData(form)); f.a = f.a.toUpperCase(); f.b = f.b.toUpperCase(); go('dyad', f); } },
    el('label', {}, 'actor A', el('input', { name: 'a', class: 'code', value: a, placeholder: 'IRN' })),
    el('label', {}, 'actor B', el('input', { name: 'b', class: 'code', value: b, placeholder: 'RUS' })),
    el('label', {}, 'from', el('input', { name: 'from', value: params.from || '', size: 10 })),
    el('label', {}, 'to', el('input', { name: 'to', value: params.to || '', size: 10 })),
    el('label', {}, 'per', bucketSelect(params.bucket || 'week')),
    el('button', { type: 'submit' }, 'Show'));
  if (!a || !b) {
    show(el('h1', {}, 'Dyad'), el('div', { class: 'card' }, form), el('p', { class: 'muted' }, 'Pick two actor codes, or click an edge in the network.'));
    return;
  }
  const q = { a, b, from: params.from, to: params.to };
  const [ser, evs] = await Promise.all([
    api('dyad', { ...q, bucket: params.bucket || 'week' }),
    api('events', { pair: a + ',' + b, from: params.from, to: params.to, limit: 100, count: 'true' })]);
  if (!current()) return;
  const t = ser.totals;
  const tbody = el('tbody', { id: 'dyad-events' }, evs.events.map(eventRow));
  show(el('h1', { id: 'dyad-title' }, a + ' \u2194 ' + b), el('p', { class: 'muted' }, (ser.a_name || a) + ' and ' + (ser.b_name || b)),
    el('div', { class: 'card' }, form),
    el('div', { class: 'card stats', id: 'dyad-totals' },
      el('div', { class: 'stat' }, el('b', {}, fmt(t.n)), 'asserted events'),
      el('div', { class: 'stat' }, el('b', {}, fmt(t.a_to_b) + ' / ' + fmt(t.b_to_a)), a + '\u2192' + b + ' / ' + b + '\u2192' + a),
      el('div', { class: 'stat' }, el('b', {}, fmt(t.goldstein_sum, 1)), 'summed Goldstein'),
      el('div', { class: 'stat' }, el('b', {}, fmt(t.goldstein_mean, 2)), 'mean Goldstein'),
      el('div', { class: 'stat' }, el('b', {}, fmt(t.plover_mean, 2)), 'mean PLOVER score')),
    el('div', { class: 'card' }, el('h2', {}, 'Cooperation (up) and conflict (down) per ' + ser.bucket + ', line: mean Goldstein'), quadLegend(),
      ser.series.length ? coopConflictChart(fillPeriods(ser.series, ser.bucket, p => ({ period: p, by_quad: [0, 0, 0, 0], goldstein_mean: 0, plover_mean: 0, n: 0 }))) : el('p', { class: 'muted' }, 'No dated asserted events between these two actors.')),
    el('div', { class: 'card' }, el('h2', {}, 'Events (' + fmt(evs.total) + ', both directions, including negated and speculative)'),
      el('table', {}, el('thead', {}, el('tr', {}, ['date', 'event', 'quad', 'source \u2192 target', 'trigger', '', 'outlet', 'document'].map(h => el('th', {}, h)))), tbody),
      evs.next_cursor ? el('p', {}, el('a', { href: '#/events?pair=' + encodeURIComponent(a + ',' + b) }, 'all events of this dyad')) : null));
}

// ---------------------------------------------------------------------------------------
// Clusters

async function clustersPage(_arg, params, current) {
  const r = await api('clusters', { limit: 50, min_documents: params.min_documents || 2, event: params.event, source: params.source, target: params.target });
  if (!current()) return;
  show(el('h1', {}, 'Clusters'), el('p', { class: 'muted' }, 'Events reported by several articles (same type, source and target codes, dates within the clustering window), most reported first.'),
    el('div', { class: 'card' }, r.clusters.length ? el('table', { id: 'clusters' },
      el('tr', {}, ['event', 'source \u2192 target', 'date', 'documents', 'outlets', 'reports'].map(h => el('th', {}, h))),
      r.clusters.map(c => el('tr', {},
        el('td', {}, el('span', { class: 'badge ev' }, c.event)),
        el('td', {}, (c.source.join('+') || '—') + ' \u2192 ' + (c.target.join('+') || '—')),
        el('td', {}, c.event_date || ''),
        el('td', { class: 'num' }, fmt(c.n_documents)), el('td', { class: 'num' }, fmt(c.n_outlets)),
        el('td', {}, c.events.map((e, i) => [i ? ', ' : '', el('a', { href: '#/event/' + e.id }, (e.title || 'doc ' + e.document_id) + ' (\u201c' + e.trigger + '\u201d)')]))))) :
      el('p', { class: 'muted' }, 'No event is reported by several documents yet.')));
}

// ---------------------------------------------------------------------------------------
// Try it

async function tryPage() {
  const area = el('textarea', { id: 'try-text', placeholder: 'Paste a news article…', maxlength: 1000000 });
  const date = el('input', { id: 'try-date', placeholder: 'YYYY-MM-DD', size: 10, value: new Date().toISOString().slice(0, 10) });
  const out = el('div', { id: 'try-out' });
  const button = el('button', { type: 'submit', id: 'try-submit' }, 'Code it');
  const form = el('form', { onsubmit: async e => {
    e.preventDefault();
    button.disabled = true;
    out.replaceChildren(el('p', { class: 'muted' }, 'Coding…'));
    try {
      const r = await api('code', {}, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ text: area.value, date: date.value.trim() || null }) });
      renderCoded(out, r);
    } catch (err) { out.replaceChildren(errorBox(err)); }
    button.disabled = false;
  } }, area, el('div', { class: 'toolbar' }, el('label', {}, 'publication date ', date), button, el('span', { class: 'muted' }, 'Nothing is stored.')));
  show(el('h1', {}, 'Try it'), el('div', { class: 'card' }, form), out);
}

function renderCoded(out, r) {
  const evs = r.events || [];
  const textBox = el('div', { class: 'card', id: 'try-text-out' });
  const side = el('div', {});
  const list = el('div', { class: 'evlist', id: 'try-events' });
  const select = i => {
    const spans = [];
    evs.forEach((o, k) => { if (k !== i && o.trigger) spans.push({ start: o.trigger.start, end: o.trigger.end, cls: 'hl-other', title: o.event, onclick: () => select(k) }); });
    if (evs[i]) spans.push(...eventSpans(evs[i]));
    textBox.replaceChildren(legend(), highlightedText(r.text || '', spans));
    list.querySelectorAll('.item').forEach(it => it.classList.toggle('sel', Number(it.dataset.i) === i));
    side.replaceChildren(evs[i] ? eventCard(evs[i], null) : el('p', { class: 'muted' }, 'No event found in this text.'));
  };
  evs.forEach((ev, i) => list.appendChild(el('div', { class: 'item' + (ev.negated || ev.hypothetical ? ' unasserted' : ''), 'data-i': i, onclick: () => select(i) },
    el('span', { class: 'badge ev' }, ev.event), ' ', dyadArrow(ev), ' ', flags(ev), el('div', { class: 'muted' }, '\u201c' + ev.trigger.text + '\u201d, ' + (ev.event_date || 'undated')))));
  out.replaceChildren(el('p', { id: 'try-count' }, evs.length + ' events' + (r.language ? ' (language: ' + r.language + ')' : '')),
    el('div', { class: 'grid-doc' }, textBox, el('div', {}, side, el('div', { class: 'card' }, el('h2', {}, 'Events'), list))));
  select(evs.length ? 0 : -1);
}
