// Codex dashboard: renders dashboard.json (beside this page) without a framework. Every value from
// the JSON reaches the page as text (textContent / attributes), never as markup.

(() => {
  const STAGES = [
    ['selftest', 'Self-test'],
    ['cleaner', 'Cleaner'],
    ['sync', 'Project sync'],
    ['supervisor', 'Supervisor'],
    ['activity', 'Activity'],
    ['diagnostics', 'Diagnostics'],
    ['codex_review', 'Codex review'],
  ];
  const TRACKS = ['main', 'dashboard'];
  const DRIFT_KINDS = [
    ['missing_codex_label', 'No codex label'],
    ['missing_track_label', 'No track label'],
    ['wrong_track_label', 'Wrong track label'],
    ['missing_milestone', 'No milestone'],
    ['wrong_milestone', 'Other milestone'],
    ['not_in_project', 'Not in project'],
  ];
  const CORRECTIONS = [
    ['codex_label', 'codex label added'],
    ['track_main', 'main track label'],
    ['track_dashboard', 'dashboard track label'],
    ['milestone', 'milestone set'],
    ['project_adjustments', 'project membership'],
  ];

  // ---- small helpers --------------------------------------------------------

  // locale.js has already replaced a locale Intl rejects (en-US@posix) by one it accepts.
  const LOCALE = navigator.language || 'en-US';
  const integer = new Intl.NumberFormat(LOCALE);

  const obj = (v) => (v && typeof v === 'object' && !Array.isArray(v) ? v : null);
  const arr = (v) => (Array.isArray(v) ? v : []);
  const num = (v) => (typeof v === 'number' && Number.isFinite(v) ? v : null);
  const text = (v) => (v === null || v === undefined ? '' : String(v));

  /** Creates an element; children are nodes or strings (always text). */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else node.setAttribute(key, String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function badge(value, label) {
    const key = text(value || 'none').toLowerCase();
    const safeClass = /^[a-z_]+$/.test(key) ? key : 'none';
    return h('span', { class: `badge ${safeClass}` }, label || text(value || 'none'));
  }

  /** Appends nodes, skipping the null of an optional part (Element.append would print "null"). */
  function add(parent, ...nodes) {
    for (const node of nodes.flat())
      if (node !== null && node !== undefined && node !== false) parent.append(node);
  }

  function empty(message) {
    return h('p', { class: 'empty' }, message);
  }

  /**
   * A table with a caption, column headers (scope=col) and row headers (scope=row) in the first
   * column. Every cell carries its column's name, which the phone layout shows beside the value
   * when rows become cards.
   */
  function table(caption, headers, rows, options) {
    const numeric = new Set(options?.numeric || []);
    const head = h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((label, i) =>
          options?.header
            ? options.header(label, i)
            : h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, label),
        ),
      ),
    );
    const body = h(
      'tbody',
      null,
      rows.map((row) => tableRow(row, headers, numeric)),
    );
    return h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
      h('table', { class: 'stack' }, h('caption', null, caption), head, body),
    );
  }

  const blank = (cell) => cell === null || cell === undefined || cell === '' || cell === '—';

  function tableRow(row, headers, numeric) {
    return h(
      'tr',
      row.attrs || null,
      (row.cells || row).map((cell, i) =>
        i === 0
          ? h('th', { scope: 'row', 'data-label': headers[i] }, cell)
          : blank(cell)
            ? h('td', { class: 'blank', 'data-label': headers[i] }, '—')
            : // One child, so that the phone layout's label and value are the two columns of its grid.
              h(
                'td',
                { class: numeric.has(i) ? 'num' : null, 'data-label': headers[i] },
                h('span', null, cell),
              ),
      ),
    );
  }

  function facts(pairs) {
    return h(
      'dl',
      { class: 'facts' },
      pairs.filter((p) => p).map(([term, value]) => [h('dt', null, term), h('dd', null, value)]),
    );
  }

  function formatTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return null;
    return h(
      'time',
      { datetime: date.toISOString() },
      date.toLocaleString(LOCALE, { dateStyle: 'medium', timeStyle: 'short' }),
    );
  }

  function ago(iso) {
    const then = Date.parse(iso);
    if (Number.isNaN(then)) return '—';
    const seconds = Math.round((then - Date.now()) / 1000);
    const units = [
      ['year', 31536000],
      ['month', 2592000],
      ['week', 604800],
      ['day', 86400],
      ['hour', 3600],
      ['minute', 60],
      ['second', 1],
    ];
    const format = new Intl.RelativeTimeFormat(LOCALE, { numeric: 'auto' });
    for (const [unit, size] of units) {
      if (Math.abs(seconds) >= size || unit === 'second')
        return format.format(Math.round(seconds / size), unit);
    }
    return '—';
  }

  let links = { server: 'https://github.com', repo: '' };

  function issueLink(number, url) {
    const n = num(number);
    if (n === null || n < 1 || !Number.isInteger(n)) return text(number);
    // One place for every link: the repository on its server (a record's html_url may name a
    // host the page cannot reach, such as a test bed's), html_url only when the repository is unknown.
    const own = typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
    const href = links.repo ? `${links.server}/${links.repo}/issues/${n}` : own;
    return href ? h('a', { href }, `#${n}`) : `#${n}`;
  }

  function errorList(errors) {
    const list = arr(errors).filter(obj);
    if (list.length === 0) return null;
    return h(
      'ul',
      { class: 'errors' },
      list.map((e) => h('li', null, h('code', null, text(e.code)), ': ', text(e.message))),
    );
  }

  function section(id) {
    const body = document.querySelector(`#${id} .section-body`);
    body.replaceChildren();
    return body;
  }

  function statusLine(record) {
    return h(
      'p',
      null,
      'Last run: ',
      badge(record.status),
      ' ',
      formatTime(record.finished_at) || '',
      ` (${ago(record.finished_at)})`,
      record.dry_run === true ? ' — dry run' : '',
      recordRunLink(record) ? [' · ', recordRunLink(record, 'Actions run')] : null,
    );
  }

  /** A link to the Actions run that wrote a record (or to the merge run, by its history key). */
  function runLink(runId, attempt, label) {
    const id = text(runId);
    if (!links.repo || !/^\d+$/.test(id)) return null;
    const n = num(attempt);
    const href = `${links.server}/${links.repo}/actions/runs/${id}${n !== null && n > 1 ? `/attempts/${n}` : ''}`;
    return h('a', { href }, label || `run ${id}`);
  }

  const recordRunLink = (record, label) => runLink(record?.run_id, record?.run_attempt, label);

  // ---- numbers the first screen compares ---------------------------------------

  const VERDICTS = ['green', 'yellow', 'red'];
  const HOUR = 3_600_000;
  const COUNTS = [
    ['open', 'open'],
    ['stale', 'stale'],
    ['escalated', 'escalated'],
    ['drift', 'drift'],
    ['malformed', 'malformed'],
  ];
  const at = (value, path) => path.reduce((v, k) => (obj(v) ? v[k] : null), value);
  const sum = (values) => (values.some((v) => num(v) === null) ? null : values.reduce((a, b) => a + b, 0));

  /** The five headline counts of one history point (null where that component had no data). */
  function pointCounts(p) {
    return {
      open: sum(TRACKS.map((t) => at(p, ['activity', t, 'open']))),
      stale: sum(TRACKS.map((t) => at(p, ['activity', t, 'stale']))),
      escalated: sum(TRACKS.map((t) => at(p, ['activity', t, 'escalated']))),
      drift: sum(TRACKS.map((t) => at(p, ['supervisor', 'drift', t]))),
      malformed: num(at(p, ['sync', 'malformed'])),
    };
  }

  /** The headline counts from the latest records (these are what the page shows). */
  function currentCounts(d) {
    const tracks = obj(at(d, ['supervisor', 'tracks']));
    const counts = obj(at(d, ['activity', 'counts']));
    const perTrack = (activityKey, supervisorKey) =>
      sum(
        TRACKS.map((t) => {
          const fromActivity = counts ? num(at(counts, [t, activityKey])) : null;
          return fromActivity !== null ? fromActivity : num(at(tracks, [t, supervisorKey]));
        }),
      );
    const malformed = at(d, ['sync', 'integrity', 'malformed']);
    return {
      open: perTrack('open', 'open'),
      stale: perTrack('stale', 'stale'),
      escalated: perTrack('escalation', 'escalated'),
      drift: tracks ? sum(TRACKS.map((t) => num(at(tracks, [t, 'drift', 'issues'])))) : null,
      malformed: Array.isArray(malformed) ? malformed.length : null,
    };
  }

  /**
   * How old the data may get before the page warns: twice the usual gap between merges (the
   * median of the history's gaps, at least two hours), or 25 hours while the history is too short
   * to say (a daily schedule plus an hour's slack).
   */
  function freshnessLimit(history) {
    const times = history.map((p) => Date.parse(p.at)).sort((a, b) => a - b);
    const gaps = times
      .slice(1)
      .map((t, i) => t - times[i])
      .filter((g) => g > 60_000)
      .sort((a, b) => a - b);
    if (gaps.length < 2) return { ms: 25 * HOUR, inferred: false };
    return { ms: Math.max(2 * gaps[Math.floor(gaps.length / 2)], 2 * HOUR), inferred: true };
  }

  function duration(ms) {
    const hours = Math.round(ms / HOUR);
    if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
    return `${Math.round(hours / 24)} days`;
  }

  // ---- first screen -------------------------------------------------------------

  function renderOverview(d, history) {
    const body = section('overview');
    add(
      body,
      verdictBanner(d),
      freshnessLine(d, history),
      countTiles(d, history),
      trackCards(d),
      attention(d, history),
    );
  }

  function verdictBanner(d) {
    const supervisor = obj(d.supervisor);
    const verdict = supervisor && VERDICTS.includes(supervisor.verdict) ? supervisor.verdict : null;
    const words = { green: 'healthy', yellow: 'needs attention', red: 'unhealthy' };
    // The supervisor repeats each track's reasons as "<track>: reason"; the track cards show those.
    const trackReasons = new Set(
      TRACKS.flatMap((t) => arr(at(supervisor, ['tracks', t, 'reasons'])).map((r) => `${t}: ${text(r)}`)),
    );
    const own = arr(supervisor?.reasons)
      .map(text)
      .filter((r) => r && !trackReasons.has(r));
    return h(
      'div',
      { class: `verdict ${verdict || 'none'}`, 'data-verdict': verdict || 'none' },
      h(
        'p',
        { class: 'verdict-line' },
        h('span', { class: 'verdict-word' }, verdict ? `Repository ${words[verdict]}` : 'No verdict yet'),
        ' ',
        badge(verdict || 'none', verdict || 'no supervisor telemetry'),
      ),
      own.length > 0
        ? h(
            'ul',
            { class: 'plain' },
            own.map((r) => h('li', null, r)),
          )
        : null,
    );
  }

  function freshnessLine(d, history) {
    const generated = Date.parse(d.generated_at);
    const limit = freshnessLimit(history);
    const age = Date.now() - generated;
    const stale = !Number.isNaN(generated) && age > limit.ms;
    const lastRun = history.length > 0 ? text(history[history.length - 1].run) : '';
    const [runId, attempt] = lastRun.split('-');
    const link = runLink(runId, attempt, `run ${lastRun}`);
    const line = h(
      'p',
      { class: `freshness ${stale ? 'stale' : 'fresh'}`, 'data-fresh': stale ? 'false' : 'true' },
      stale ? h('strong', null, 'Data is out of date. ') : null,
      'Last pipeline run ',
      formatTime(d.generated_at) || 'at an unknown time',
      ` (${ago(d.generated_at)})`,
      link ? [' · ', link] : null,
      stale
        ? `. ${limit.inferred ? 'Merges usually come' : 'A scheduled pipeline merges'} at least every ${duration(
            limit.ms / 2,
          )}: check that the pipeline workflow still runs.`
        : '',
    );
    if (stale) line.setAttribute('role', 'alert');
    return line;
  }

  function countTiles(d, history) {
    const now = currentCounts(d);
    const last = history.length >= 1 ? pointCounts(history[history.length - 1]) : null;
    const before = history.length >= 2 ? pointCounts(history[history.length - 2]) : null;
    return h(
      'ul',
      { class: 'counts', 'aria-label': 'Counts' },
      COUNTS.map(([key, label]) => {
        const value = now[key];
        const change =
          last && before && num(last[key]) !== null && num(before[key]) !== null
            ? last[key] - before[key]
            : null;
        const changeText =
          change === null
            ? history.length < 2
              ? 'first run'
              : ''
            : change === 0
              ? 'no change'
              : `${change > 0 ? '+' : '−'}${integer.format(Math.abs(change))} since last run`;
        return h(
          'li',
          { class: `count${change > 0 ? ' up' : change < 0 ? ' down' : ''}`, 'data-count': key },
          h('span', { class: 'count-value' }, value === null ? '—' : integer.format(value)),
          h('span', { class: 'count-label' }, label),
          changeText ? h('span', { class: 'count-change' }, changeText) : null,
        );
      }),
    );
  }

  function trackCards(d) {
    const tracks = obj(at(d, ['supervisor', 'tracks']));
    const counts = obj(at(d, ['activity', 'counts']));
    if (!tracks && !counts) return empty('No supervisor or activity telemetry yet.');
    return h(
      'div',
      { class: 'tracks' },
      TRACKS.map((track) => {
        const t = (tracks && obj(tracks[track])) || {};
        const c = (counts && obj(counts[track])) || {};
        const pick = (a, b) => (num(a) !== null ? a : num(b));
        const figures = [
          ['open', pick(c.open, t.open)],
          ['stale', pick(c.stale, t.stale)],
          ['escalated', pick(c.escalation, t.escalated)],
          ['drift', num(at(t, ['drift', 'issues']))],
        ];
        const reasons = arr(t.reasons).map(text);
        return h(
          'article',
          { class: 'track', 'data-track': track, 'aria-label': `${track} track` },
          h('h3', null, `${track} track `, t.verdict ? badge(t.verdict) : badge('none', 'no verdict')),
          h(
            'p',
            { class: 'track-figures' },
            figures.map(([label, value], i) => [
              i > 0 ? ' · ' : '',
              h('span', { 'data-figure': label }, `${value ?? '—'} ${label}`),
            ]),
          ),
          reasons.length > 0
            ? h(
                'ul',
                { class: 'plain reasons' },
                reasons.map((r) => h('li', null, r)),
              )
            : null,
        );
      }),
    );
  }

  /** Stages that need a look: failed or degraded, or not run for longer than the data may age. */
  function attention(d, history) {
    const limit = freshnessLimit(history).ms;
    const generated = Date.parse(d.generated_at);
    const items = [];
    const missing = [];
    for (const [key, label] of STAGES) {
      const r = obj(d[key]);
      if (!r) {
        missing.push(label);
        continue;
      }
      const finished = Date.parse(r.finished_at);
      const old = key !== 'codex_review' && !Number.isNaN(generated) && generated - finished > limit;
      if (r.status !== 'error' && r.status !== 'degraded' && !old) continue;
      items.push(
        h(
          'li',
          { 'data-failing': key },
          h('strong', null, label),
          ' ',
          badge(r.status),
          ` ${ago(r.finished_at)}`,
          old ? ' — not run since' : '',
          recordRunLink(r) ? [' · ', recordRunLink(r, 'Actions run')] : null,
          errorList(r.errors),
        ),
      );
    }
    const heading = h('h3', null, items.length > 0 ? `Stages that need a look (${items.length})` : 'Stages');
    return h(
      'div',
      { class: 'attention' },
      heading,
      items.length > 0
        ? h('ul', { class: 'failing' }, items)
        : h('p', { class: 'all-ok' }, `Every stage with telemetry ran ok.`),
      missing.length > 0 ? h('p', { class: 'muted' }, `No telemetry yet: ${missing.join(', ')}.`) : null,
    );
  }

  // ---- lists that scale: filter, sort, page --------------------------------------

  let listCount = 0;

  /**
   * A long list as a table that shows one page at a time, with optional filters (labelled
   * selects) and sortable columns (buttons in the headers). Only the shown page is in the DOM,
   * so ten thousand rows cost as much as twenty-five.
   * columns: [{ label, cell(row), sort?(row), numeric? }]; filters: [{ label, all, options, test(row, value) }]
   */
  function pagedList({ caption, columns, rows, filters = [], pageSize = 25, sortBy = null, attrs }) {
    listCount += 1;
    const id = `list-${listCount}`;
    const state = { page: 0, sort: sortBy, values: filters.map(() => '') };
    const headers = columns.map((c) => c.label);
    const numeric = new Set(columns.flatMap((c, i) => (c.numeric ? [i] : [])));
    const status = h('p', { class: 'pager-status', 'aria-live': 'polite', id: `${id}-status` });
    const tbody = h('tbody');
    const headerCells = columns.map((c, i) => {
      const th = h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null });
      if (!c.sort) th.append(c.label);
      else {
        const button = h('button', { type: 'button', class: 'sort' }, c.label);
        button.addEventListener('click', () => {
          state.sort =
            state.sort?.column === i
              ? { column: i, descending: !state.sort.descending }
              : { column: i, descending: !!c.numeric };
          state.page = 0;
          update();
        });
        th.append(button);
      }
      return th;
    });
    const tableNode = h(
      'table',
      { class: 'stack' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, headerCells)),
      tbody,
    );
    const previous = h('button', { type: 'button', 'aria-controls': id }, 'Previous page');
    const next = h('button', { type: 'button', 'aria-controls': id }, 'Next page');
    previous.addEventListener('click', () => {
      state.page -= 1;
      update();
    });
    next.addEventListener('click', () => {
      state.page += 1;
      update();
    });
    const controls = filters.map((f, i) => {
      const select = h(
        'select',
        { id: `${id}-filter-${i}`, 'data-filter': f.key },
        h('option', { value: '' }, f.all),
        f.options.map(([value, label]) => h('option', { value }, label)),
      );
      const changed = () => {
        state.values[i] = select.value;
        state.page = 0;
        update();
      };
      select.addEventListener('change', changed);
      select.addEventListener('input', changed);
      return h('div', { class: 'filter' }, h('label', { for: select.id }, f.label), select);
    });

    function update() {
      let shown = rows.filter((row) =>
        filters.every((f, i) => state.values[i] === '' || f.test(row, state.values[i])),
      );
      if (state.sort) {
        const key = columns[state.sort.column].sort;
        const sign = state.sort.descending ? -1 : 1;
        shown = [...shown].sort((a, b) => {
          const x = key(a);
          const y = key(b);
          if (x === y) return 0;
          if (x === null || x === undefined) return 1;
          if (y === null || y === undefined) return -1;
          return (x < y ? -1 : 1) * sign;
        });
      }
      const pages = Math.max(1, Math.ceil(shown.length / pageSize));
      state.page = Math.min(Math.max(0, state.page), pages - 1);
      const first = state.page * pageSize;
      const page = shown.slice(first, first + pageSize);
      tbody.replaceChildren(
        ...page.map((row) =>
          tableRow({ attrs: row.attrs, cells: columns.map((c) => c.cell(row)) }, headers, numeric),
        ),
      );
      headerCells.forEach((th, i) => {
        if (state.sort?.column === i)
          th.setAttribute('aria-sort', state.sort.descending ? 'descending' : 'ascending');
        else th.removeAttribute('aria-sort');
      });
      status.textContent =
        shown.length === 0
          ? `No issue matches (${integer.format(rows.length)} in all).`
          : `Showing ${integer.format(first + 1)}–${integer.format(first + page.length)} of ${integer.format(shown.length)}${
              shown.length < rows.length ? ` (filtered from ${integer.format(rows.length)})` : ''
            }, page ${state.page + 1} of ${pages}.`;
      previous.disabled = state.page === 0;
      next.disabled = state.page >= pages - 1;
    }
    update();
    return h(
      'div',
      { class: 'paged-list', id, ...attrs },
      controls.length > 0
        ? h('div', { class: 'filters', role: 'group', 'aria-label': `Filter: ${caption}` }, controls)
        : null,
      h('div', { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' }, tableNode),
      h('div', { class: 'pager' }, previous, status, next),
    );
  }

  const unique = (values) => [...new Set(values)].sort((a, b) => a.localeCompare(b));

  /** Last human activity as the activity stage may record it (a time, who, and how it was known). */
  function humanActivity(item) {
    const v = item.last_human_activity;
    const o = obj(v) || {};
    const when = typeof v === 'string' ? v : (o.at ?? item.last_human_activity_at);
    const actor = o.actor ?? o.login ?? item.last_human_actor;
    const assumed = o.assumed ?? item.last_human_activity_assumed;
    const basis =
      o.attribution ??
      o.basis ??
      item.attribution ??
      item.last_human_activity_basis ??
      (typeof assumed === 'boolean' ? (assumed ? 'assumed' : 'attributed') : undefined);
    if (when === undefined && actor === undefined && basis === undefined) return null;
    return {
      at: typeof when === 'string' ? when : null,
      actor: text(actor) || null,
      basis: text(basis) || null,
    };
  }

  /** "41 days ago by @alice" (text only; the exact time in the tooltip). */
  function humanPhrase(r) {
    if (!r.human?.at) return null;
    const days = r.days ?? Math.floor((Date.now() - Date.parse(r.human.at)) / 86400000);
    if (!Number.isFinite(days)) return null;
    const when = days === 0 ? 'today' : `${integer.format(days)} ${days === 1 ? 'day' : 'days'} ago`;
    const exact = new Date(r.human.at);
    return h(
      'span',
      Number.isNaN(exact.getTime()) ? null : { title: exact.toISOString() },
      r.human.actor ? `${when} by @${r.human.actor}` : when,
    );
  }

  const names = (list) =>
    arr(list)
      .map((v) => (typeof v === 'string' ? v : text(obj(v)?.login ?? obj(v)?.name)))
      .filter(Boolean);

  function renderIssues(d) {
    const body = section('issues');
    const activity = obj(d.activity);
    if (!activity) {
      add(body, empty('No activity telemetry yet.'));
      return;
    }
    add(body, statusLine(activity));
    const rows = [];
    for (const track of TRACKS) {
      for (const item of arr(activity[track])) {
        if (!obj(item) || (item.status !== 'stale' && item.status !== 'escalation')) continue;
        rows.push({
          attrs: { 'data-issue': text(item.number) },
          number: num(item.number),
          url: item.html_url,
          title: text(item.title),
          track,
          status: item.status,
          days: num(item.days_inactive),
          assignees: names(item.assignees ?? (item.assignee ? [item.assignee] : [])),
          labels: names(item.labels),
          human: humanActivity(item),
        });
      }
    }
    const escalated = rows.filter((r) => r.status === 'escalation').length;
    const thresholds = obj(activity.thresholds) || {};
    const limits = TRACKS.map((t) => {
      const th = obj(thresholds[t]);
      return th && num(th.stale_days) !== null
        ? `${t}: stale after ${th.stale_days} days, escalated after ${th.escalation_days} days`
        : null;
    }).filter(Boolean);
    if (limits.length > 0)
      add(body, h('p', { class: 'muted' }, `${limits.join('; ')} without human activity.`));
    if (rows.length === 0) {
      add(body, empty('No stale or escalated issues.'));
      return;
    }
    const withHuman = rows.some((r) => r.human);
    const columns = [
      { label: 'Issue', cell: (r) => issueLink(r.number, r.url), sort: (r) => r.number, numeric: false },
      { label: 'Title', cell: (r) => r.title || null, sort: (r) => r.title.toLowerCase() },
      { label: 'Track', cell: (r) => r.track, sort: (r) => r.track },
      {
        label: 'Status',
        cell: (r) => badge(r.status, r.status === 'escalation' ? 'escalated' : 'stale'),
        sort: (r) => r.status,
      },
      { label: 'Days without human activity', cell: (r) => r.days, sort: (r) => r.days, numeric: true },
      {
        label: 'Assignees',
        cell: (r) => r.assignees.join(', ') || 'unassigned',
        sort: (r) => r.assignees[0] ?? null,
      },
      { label: 'Labels', cell: (r) => labelList(r.labels), sort: (r) => r.labels.join(',') || null },
    ];
    if (withHuman) {
      columns.push(
        {
          label: 'Last human activity',
          cell: (r) => humanPhrase(r),
          sort: (r) => r.human?.at ?? null,
        },
        { label: 'By', cell: (r) => r.human?.actor ?? null, sort: (r) => r.human?.actor ?? null },
        { label: 'Attribution', cell: (r) => r.human?.basis ?? null, sort: (r) => r.human?.basis ?? null },
      );
    }
    const assignees = unique(rows.flatMap((r) => r.assignees));
    const labels = unique(rows.flatMap((r) => r.labels));
    const list = pagedList({
      caption: `Stale and escalated issues (${integer.format(rows.length)})`,
      columns,
      rows,
      sortBy: { column: 4, descending: true },
      filters: [
        {
          key: 'track',
          label: 'Track',
          all: 'All tracks',
          options: TRACKS.map((t) => [t, t]),
          test: (r, v) => r.track === v,
        },
        {
          key: 'status',
          label: 'Status',
          all: 'Stale and escalated',
          options: [
            ['escalation', 'escalated'],
            ['stale', 'stale'],
          ],
          test: (r, v) => r.status === v,
        },
        {
          key: 'assignee',
          label: 'Assignee',
          all: 'Anyone',
          options: [['\u0000none', 'Unassigned'], ...assignees.map((a) => [a, a])],
          test: (r, v) => (v === '\u0000none' ? r.assignees.length === 0 : r.assignees.includes(v)),
        },
        {
          key: 'label',
          label: 'Label',
          all: 'Any label',
          options: labels.map((l) => [l, l]),
          test: (r, v) => r.labels.includes(v),
        },
      ],
    });
    add(
      body,
      h(
        'details',
        { class: 'list', 'data-list': 'issues' },
        h(
          'summary',
          null,
          `${integer.format(rows.length)} issues: ${integer.format(escalated)} escalated, ${integer.format(rows.length - escalated)} stale`,
        ),
        list,
      ),
    );
  }

  function labelList(labels) {
    if (labels.length === 0) return null;
    return h(
      'span',
      { class: 'labels' },
      labels.map((l) => h('span', { class: 'label' }, l)),
    );
  }

  // ---- sections ---------------------------------------------------------------

  function renderHealth(d, history) {
    const body = section('health');
    const rows = STAGES.map(([key, label]) => {
      const r = obj(d[key]);
      if (!r) {
        return {
          attrs: { 'data-stage': key },
          cells: [
            label,
            badge('none', 'no telemetry'),
            null,
            'No telemetry from this stage yet.',
            null,
            null,
          ],
        };
      }
      return {
        attrs: { 'data-stage': key },
        cells: [
          label,
          badge(r.status),
          [formatTime(r.finished_at) || '', ` (${ago(r.finished_at)})`],
          [text(r.summary), r.dry_run === true ? ' (dry run)' : ''],
          errorList(r.errors),
          recordRunLink(r),
        ],
      };
    });
    add(
      body,
      table('Latest run of each stage', ['Stage', 'Status', 'Finished', 'Summary', 'Errors', 'Run'], rows),
    );
    if (history.length > 0) {
      const recent = history.slice(-10).reverse();
      add(
        body,
        h(
          'details',
          { class: 'list' },
          h('summary', null, `Stage status in the last ${recent.length} merge run(s)`),
          table(
            `Stage status in the last ${recent.length} merge run(s)`,
            ['Merged at', ...STAGES.map(([, l]) => l)],
            recent.map((p) => [
              formatTime(p.at) || text(p.at),
              ...STAGES.map(([k]) => {
                const s = at(p, ['stages', k]);
                return s ? badge(s) : '—';
              }),
            ]),
          ),
        ),
      );
    }
  }

  function renderSync(d) {
    const body = section('sync');
    const sync = obj(d.sync);
    if (!sync) {
      add(body, empty('No project-sync telemetry yet.'));
      return;
    }
    add(body, statusLine(sync), errorList(sync.errors));
    const malformed = arr(obj(sync.integrity)?.malformed).filter(obj);
    add(body, h('h3', null, `Malformed issues (${malformed.length})`));
    add(
      body,
      malformed.length === 0
        ? empty('No malformed issues.')
        : pagedList({
            caption: `Malformed issues (${malformed.length})`,
            columns: [
              { label: 'Issue', cell: (x) => issueLink(x.number, x.html_url), sort: (x) => num(x.number) },
              { label: 'Reason', cell: (x) => text(x.reason), sort: (x) => text(x.reason) },
            ],
            rows: malformed.map((x) => ({ ...x, attrs: { 'data-malformed': text(x.number) } })),
            pageSize: 10,
          }),
    );
    const tracks = obj(at(d, ['supervisor', 'tracks']));
    if (tracks) {
      add(
        body,
        h(
          'details',
          { class: 'list', 'data-list': 'drift' },
          h('summary', null, 'Drift left by kind (from the supervisor)'),
          table(
            'Drift left by kind (issues)',
            ['Kind', ...TRACKS],
            DRIFT_KINDS.map(([kind, label]) => [
              label,
              ...TRACKS.map((t) => num(at(tracks, [t, 'drift', kind]))),
            ]),
            { numeric: [1, 2] },
          ),
        ),
      );
    }
    const corrections = obj(sync.corrections) || {};
    const total = CORRECTIONS.reduce((n, [key]) => n + (num(corrections[key]) || 0), 0);
    add(
      body,
      table(
        'Corrections in the last sync',
        ['Correction', 'Issues'],
        [
          ...CORRECTIONS.map(([key, label]) => ({
            attrs: { 'data-correction': key },
            cells: [label, num(corrections[key])],
          })),
          { attrs: { 'data-correction': 'total' }, cells: ['Total', total] },
        ],
        { numeric: [1] },
      ),
    );
    const details = arr(sync.details).filter(obj);
    add(
      body,
      details.length === 0
        ? empty('No issue was changed.')
        : h(
            'details',
            { class: 'list', 'data-list': 'sync-details' },
            h('summary', null, `Issues changed (${integer.format(details.length)})`),
            pagedList({
              caption: `Issues changed (${details.length})`,
              columns: [
                { label: 'Issue', cell: (x) => issueLink(x.number, x.html_url), sort: (x) => num(x.number) },
                { label: 'Changes', cell: (x) => arr(x.changes).map(text).join(', ') },
              ],
              rows: details,
            }),
          ),
    );
  }

  function checksTable(caption, checks, withFix) {
    const list = arr(checks).filter(obj);
    if (list.length === 0) return empty('No checks recorded.');
    const headers = ['Check', 'Result', 'Message'];
    if (withFix) headers.push('Fix');
    return table(
      caption,
      headers,
      list.map((c) => {
        const cells = [text(c.name), badge(c.ok ? 'pass' : 'fail', c.ok ? 'pass' : 'fail'), text(c.message)];
        if (withFix) {
          const fix = [c.fix, c.hint, c.remedy, c.repair].find((v) => typeof v === 'string' && v !== '');
          cells.push(fix ? text(fix) : c.repaired === true ? 'repaired' : '—');
        }
        return { attrs: { 'data-check': text(c.name) }, cells };
      }),
    );
  }
  function renderSelftest(d) {
    const body = section('selftest');
    const r = obj(d.selftest);
    if (!r) {
      add(body, empty('No self-test telemetry yet.'));
      return;
    }
    add(
      body,
      statusLine(r),
      errorList(r.errors),
      facts([
        ['Issue', r.issue_number ? issueLink(r.issue_number) : '—'],
        obj(r.milestone) ? ['Milestone', text(r.milestone.title)] : null,
      ]),
      checksTable('Self-test checks', r.checks, false),
    );
  }

  function renderCleaner(d) {
    const body = section('cleaner');
    const r = obj(d.cleaner);
    if (!r) {
      add(body, empty('No cleaner telemetry yet.'));
      return;
    }
    const issues = (list) => {
      const items = arr(list);
      return items.length === 0 ? 'none' : items.map((n, i) => [i > 0 ? ', ' : '', issueLink(n)]);
    };
    add(
      body,
      statusLine(r),
      errorList(r.errors),
      facts([
        ['Issues closed', h('span', { 'data-field': 'closed-count' }, String(arr(r.issues_closed).length))],
        ['Closed', issues(r.issues_closed)],
        arr(r.issues_deleted).length > 0 ? ['Deleted', issues(r.issues_deleted)] : null,
        [
          'Telemetry files pruned',
          h('span', { 'data-field': 'pruned-count' }, text(num(r.telemetry_pruned_count) ?? 0)),
        ],
        arr(r.retained).length > 0 ? ['Kept', issues(r.retained)] : null,
      ]),
    );
    const notes = arr(r.notes);
    if (notes.length > 0)
      add(
        body,
        h(
          'ul',
          { class: 'plain' },
          notes.map((n) => h('li', null, text(n))),
        ),
      );
  }

  function renderDiagnostics(d) {
    const body = section('diagnostics');
    const r = obj(d.diagnostics);
    if (!r) {
      add(body, empty('No diagnostics telemetry yet.'));
      return;
    }
    const checks = arr(r.checks).filter(obj);
    const failing = checks.filter((c) => !c.ok).length;
    add(
      body,
      statusLine(r),
      errorList(r.errors),
      h('p', null, `${checks.length - failing} of ${checks.length} checks pass.`),
      checksTable('Diagnostics checks', checks, true),
    );
  }

  function renderReview(d) {
    const body = section('review');
    const r = obj(d.codex_review);
    if (!r) {
      add(body, empty('No Codex review telemetry yet.'));
      return;
    }
    const review = obj(r.review) || {};
    const findings = [r.findings, review.findings, r.findings_count, review.findings_count]
      .map((v) => (Array.isArray(v) ? v.length : num(v)))
      .find((v) => v !== null && v !== undefined);
    const bySeverity = obj(r.findings_by_severity);
    const severity = bySeverity
      ? ['high', 'medium', 'low'].map((k) => `${k} ${num(bySeverity[k]) ?? 0}`).join(', ')
      : null;
    const pr = num(r.pull_request);
    const prLink =
      pr && links.repo ? h('a', { href: `${links.server}/${links.repo}/pull/${pr}` }, `#${pr}`) : null;
    add(
      body,
      statusLine(r),
      errorList(r.errors),
      facts([
        ['Pull request', prLink || '—'],
        ['Summary', text(review.summary || r.summary) || '—'],
        [
          'Findings',
          h('span', { 'data-field': 'findings' }, findings === undefined ? '—' : String(findings)),
        ],
        severity ? ['By severity', severity] : null,
        r.review_status
          ? ['Review', badge(r.review_status === 'failed' ? 'error' : r.review_status, text(r.review_status))]
          : null,
        r.skip_reason ? ['Why no review', text(r.skip_reason)] : null,
        r.preflight ? ['Preflight', text(r.preflight)] : null,
      ]),
    );
  }

  // ---- trends -----------------------------------------------------------------

  const cssVar = (name) => getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  const charts = [];
  const DAY = 86_400;

  /**
   * The time axis always spans at least a week ending at the latest merge, so one or two points
   * (a first day, or two runs seconds apart) read as dates rather than as seconds or years.
   */
  const weekRange = (times) => {
    const max = Math.max(...times);
    const from = Math.min(...times, max - 7 * DAY);
    return [from, max + Math.max(3600, (max - from) * 0.02)];
  };

  function chartWidth(holder) {
    return Math.max(260, Math.min(holder.clientWidth || 520, 1100));
  }

  function chart(caption, points, series, options) {
    const figure = h('figure', { class: 'chart' }, h('figcaption', null, caption));
    const holder = h('div', { class: 'chart-area', 'aria-hidden': 'true' });
    figure.append(holder);
    const rows = points.map((p) => [formatTime(p.at) || text(p.at), ...series.map((s) => s.value(p))]);
    const details = h(
      'details',
      null,
      h('summary', null, `Data table: ${caption}`),
      table(caption, ['Merged at', ...series.map((s) => s.label)], rows, {
        numeric: series.map((_, i) => i + 1),
      }),
    );
    figure.append(details);
    const plot = window.uPlot;
    if (typeof plot !== 'function') {
      details.open = true;
      return figure;
    }
    const colors = ['--chart-1', '--chart-2', '--chart-3', '--chart-4'];
    const axis = {
      stroke: cssVar('--muted'),
      grid: { stroke: cssVar('--grid'), width: 1 },
      ticks: { stroke: cssVar('--grid') },
    };
    const data = [
      points.map((p) => Date.parse(p.at) / 1000),
      ...series.map((s) => points.map((p) => s.value(p))),
    ];
    const make = () =>
      new plot(
        {
          width: chartWidth(holder),
          height: 180,
          series: [
            {},
            ...series.map((s, i) => ({
              label: s.label,
              stroke: cssVar(colors[i % colors.length]),
              width: 2,
              spanGaps: false,
              points: { show: points.length < 40, size: 6 },
            })),
          ],
          axes: [axis, { ...axis, ...options?.yAxis }],
          scales: {
            // A fixed range: uPlot's own choice for a single point spans years.
            x: { time: true, auto: false, range: weekRange(data[0]) },
            y: options?.yScale || { range: (_u, _min, max) => [0, Math.max(1, max)] },
          },
          legend: { live: false },
          cursor: { drag: { x: false, y: false } },
          hooks: {
            // The drawn time range, for tests and for anyone inspecting the page.
            setScale: [
              (u, key) => {
                if (key === 'x')
                  holder.setAttribute(
                    'data-x-range',
                    `${Math.round(u.scales.x.min)} ${Math.round(u.scales.x.max)}`,
                  );
              },
            ],
          },
        },
        data,
        holder,
      );
    // Drawn after the figure is in the page, when it has a width.
    charts.push({ holder, make });
    return figure;
  }

  function renderTrends(_d, history) {
    const body = section('trends');
    if (history.length === 0) {
      add(body, empty('No history yet: trends appear once the merge has run.'));
      return;
    }
    add(
      body,
      h(
        'p',
        { class: 'muted' },
        `${history.length} merge run(s), from `,
        formatTime(history[0].at) || '',
        ' to ',
        formatTime(history[history.length - 1].at) || '',
        '.',
      ),
    );
    if (typeof window.uPlot !== 'function') {
      add(
        body,
        empty('Charts are unavailable (the chart library did not load); the tables show the same numbers.'),
      );
    }
    const n = (path) => (p) => num(at(p, path));
    const total = (key) => (p) => pointCounts(p)[key];
    const verdictValue = { green: 0, yellow: 1, red: 2 };
    const verdictName = ['green', 'yellow', 'red'];
    add(
      body,
      h(
        'div',
        { class: 'charts' },
        chart('Open, stale and escalated issues', history, [
          { label: 'open', value: total('open') },
          { label: 'stale', value: total('stale') },
          { label: 'escalated', value: total('escalated') },
        ]),
        chart('Drift, malformed issues and sync corrections', history, [
          { label: 'drift', value: total('drift') },
          { label: 'malformed', value: total('malformed') },
          { label: 'corrections', value: n(['sync', 'corrections']) },
        ]),
        chart(
          'Supervisor verdict per track',
          history,
          [
            { label: 'main', value: (p) => verdictValue[at(p, ['supervisor', 'main'])] ?? null },
            { label: 'dashboard', value: (p) => verdictValue[at(p, ['supervisor', 'dashboard'])] ?? null },
          ],
          {
            yScale: { range: [-0.2, 2.2] },
            yAxis: {
              size: 64,
              splits: () => [0, 1, 2],
              values: (_u, ticks) => ticks.map((t) => verdictName[t] || ''),
            },
          },
        ),
        chart('Cleaner: issues closed and telemetry files pruned', history, [
          { label: 'closed', value: n(['cleaner', 'closed']) },
          { label: 'pruned', value: n(['cleaner', 'pruned']) },
        ]),
      ),
    );
  }

  function drawCharts() {
    for (const c of charts) {
      try {
        c.plot = c.make();
      } catch (error) {
        c.holder.replaceWith(empty(`Chart unavailable: ${text(error?.message)}`));
      }
    }
    let timer;
    window.addEventListener('resize', () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        for (const c of charts) c.plot?.setSize({ width: chartWidth(c.holder), height: 180 });
      }, 150);
    });
  }

  // ---- loading ----------------------------------------------------------------

  function fail(message, kind) {
    const box = document.getElementById('message');
    box.className = `message ${kind || 'error'}`;
    box.replaceChildren(h('strong', null, message[0]), ' ', message[1]);
    for (const s of document.querySelectorAll('main > section')) s.hidden = true;
    document.querySelector('nav.sections').hidden = true;
    document.getElementById('meta').textContent = 'No dashboard data.';
    document.body.setAttribute('data-state', 'failed');
  }

  function render(d) {
    const started = performance.now();
    const repo =
      typeof d.repository === 'string' && /^[\w.-]+\/[\w.-]+$/.test(d.repository) ? d.repository : '';
    const server =
      typeof d.server_url === 'string' && /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(d.server_url)
        ? d.server_url.replace(/\/+$/, '')
        : 'https://github.com';
    links = { server, repo };
    const meta = document.getElementById('meta');
    meta.replaceChildren(repo ? h('a', { href: `${server}/${repo}` }, repo) : 'Unknown repository');
    if (repo) document.title = `Codex dashboard — ${repo}`;
    const history = arr(d.history)
      .filter((p) => obj(p) && !Number.isNaN(Date.parse(p.at)))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const renderers = [
      ['overview', renderOverview],
      ['trends', renderTrends],
      ['issues', renderIssues],
      ['health', renderHealth],
      ['sync', renderSync],
      ['selftest', renderSelftest],
      ['cleaner', renderCleaner],
      ['diagnostics', renderDiagnostics],
      ['review', renderReview],
    ];
    for (const [id, fn] of renderers) {
      try {
        fn(d, history);
      } catch (error) {
        // One odd record must not blank the whole page.
        const body = document.querySelector(`#${id} .section-body`);
        if (body) body.replaceChildren(empty(`This section could not be shown: ${text(error?.message)}`));
      }
    }
    drawCharts();
    document.body.setAttribute('data-render-ms', String(Math.round(performance.now() - started)));
    document.body.setAttribute('data-state', 'ready');
  }

  async function load() {
    if (location.protocol === 'file:') {
      fail(
        [
          'Open this page through a web server.',
          'Browsers do not let a page opened from a file read dashboard.json beside it. Serve the folder (GitHub Pages, or `npm run demo -- --serve` for the demo) and open its address.',
        ],
        'warning',
      );
      return;
    }
    let response;
    try {
      response = await fetch('dashboard.json', { cache: 'no-store' });
    } catch (error) {
      fail(['dashboard.json could not be loaded.', text(error?.message)]);
      return;
    }
    if (response.status === 404) {
      fail(
        [
          'No dashboard.json yet.',
          'The telemetry-merge stage writes it beside this page on its first run; run the pipeline (or telemetry-merge) and reload.',
        ],
        'warning',
      );
      return;
    }
    if (!response.ok) {
      fail(['dashboard.json could not be loaded.', `The server answered ${response.status}.`]);
      return;
    }
    let data;
    try {
      data = JSON.parse(await response.text());
    } catch (error) {
      fail(['dashboard.json is not valid JSON.', text(error?.message)]);
      return;
    }
    if (!obj(data) || (typeof data.generated_at !== 'string' && !Array.isArray(data.history))) {
      fail(['dashboard.json is not a Codex dashboard.', 'It lacks generated_at and history.']);
      return;
    }
    render(data);
  }

  load();
})();
