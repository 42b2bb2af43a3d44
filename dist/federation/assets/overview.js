// The federation overview: one row per repository from overview.json. Every value reaches the
// page through textContent or a checked URL, never as HTML. Sorting and filtering work on the
// data and rebuild the body once, so a thousand rows stay fast.

(() => {
  const RANK = { red: 3, yellow: 2, green: 1, error: 3, degraded: 2, ok: 1, skipped: 0 };
  const state = { rows: [], key: 'status', dir: -1, now: Date.now() };

  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }

  // Only http(s) links leave the page; anything else becomes plain text.
  function safeUrl(value) {
    try {
      const url = new URL(String(value), document.baseURI);
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
    } catch {
      return null;
    }
  }

  function link(text, href) {
    const url = safeUrl(href);
    if (!url) return el('span', text);
    const a = el('a', text);
    a.href = url;
    a.rel = 'noopener noreferrer';
    return a;
  }

  function age(iso) {
    const t = Date.parse(iso);
    if (!Number.isFinite(t)) return 'never';
    const hours = Math.max(0, (state.now - t) / 3_600_000);
    return hours < 1
      ? `${Math.round(hours * 60)} min ago`
      : hours < 48
        ? `${Math.round(hours)} h ago`
        : `${Math.round(hours / 24)} days ago`;
  }

  function sortValue(row, key) {
    const v = row[key];
    if (key === 'verdict' || key === 'status') return RANK[v] ?? -1;
    if (typeof v === 'number') return v;
    return v === null || v === undefined ? '' : String(v).toLowerCase();
  }

  function visible() {
    const text = document.getElementById('filter-text').value.trim().toLowerCase();
    const verdict = document.getElementById('filter-verdict').value;
    const status = document.getElementById('filter-status').value;
    return state.rows.filter(
      (r) =>
        (!text || String(r.repository).toLowerCase().includes(text)) &&
        (!verdict || (verdict === 'none' ? !r.verdict : r.verdict === verdict)) &&
        (!status || r.status === status),
    );
  }

  function render() {
    const rows = visible().sort((a, b) => {
      const x = sortValue(a, state.key);
      const y = sortValue(b, state.key);
      return (
        (x < y ? -1 : x > y ? 1 : 0) * state.dir || String(a.repository).localeCompare(String(b.repository))
      );
    });
    const body = document.createDocumentFragment();
    for (const r of rows) {
      const tr = el('tr');
      const name = el('th');
      name.scope = 'row';
      name.append(link(r.repository, r.dashboard_url));
      tr.append(
        name,
        el('td', r.verdict ?? '—', `verdict-${r.verdict ?? 'none'}`),
        el('td', r.status, `status-${r.status}`),
      );
      for (const key of ['open', 'stale', 'escalated', 'drift', 'malformed'])
        tr.append(el('td', r[key] ?? '—', 'num'));
      const last = el('td');
      last.append(el('time', age(r.finished_at)));
      if (r.finished_at) last.firstChild.dateTime = String(r.finished_at);
      tr.append(last);
      const failing = el('td');
      (Array.isArray(r.failing) ? r.failing : []).forEach((f, i) => {
        if (i) failing.append(', ');
        failing.append(link(`${f.component} (${f.code ?? f.status})`, r.run_url));
      });
      if (!failing.childNodes.length) failing.textContent = '—';
      tr.append(failing);
      body.append(tr);
    }
    document.querySelector('#overview tbody').replaceChildren(body);
    document.getElementById('shown').textContent = `${rows.length} of ${state.rows.length} repositories`;
    for (const button of document.querySelectorAll('#overview thead button')) {
      const th = button.parentElement;
      th.setAttribute(
        'aria-sort',
        button.dataset.key === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none',
      );
    }
  }

  async function main() {
    const meta = document.getElementById('meta');
    try {
      const response = await fetch('overview.json', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const doc = await response.json();
      state.rows = Array.isArray(doc.repositories)
        ? doc.repositories.filter((r) => r && typeof r === 'object')
        : [];
      meta.textContent = `${state.rows.length} repositories · generated ${age(doc.generated_at)} · `;
      meta.append(link('the run', doc.run_url));
    } catch (error) {
      meta.textContent = `overview.json could not be read: ${error.message}`;
      return;
    }
    for (const button of document.querySelectorAll('#overview thead button')) {
      button.addEventListener('click', () => {
        state.dir = state.key === button.dataset.key ? -state.dir : 1;
        state.key = button.dataset.key;
        render();
      });
    }
    for (const id of ['filter-text', 'filter-verdict', 'filter-status']) {
      document.getElementById(id).addEventListener('input', render);
    }
    document.getElementById('filters').addEventListener('submit', (e) => e.preventDefault());
    render();
  }

  main();
})();
