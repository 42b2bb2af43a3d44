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

  /** A table with a caption, column headers (scope=col) and row headers (scope=row) in the first column. */
  function table(caption, headers, rows, options) {
    const numeric = new Set(options?.numeric || []);
    const head = h(
      'thead',
      null,
      h(
        'tr',
        null,
        headers.map((label, i) => h('th', { scope: 'col', class: numeric.has(i) ? 'num' : null }, label)),
      ),
    );
    const body = h(
      'tbody',
      null,
      rows.map((row) =>
        h(
          'tr',
          row.attrs || null,
          (row.cells || row).map((cell, i) =>
            i === 0
              ? h('th', { scope: 'row' }, cell)
              : h(
                  'td',
                  { class: numeric.has(i) ? 'num' : null },
                  cell === null || cell === undefined ? '—' : cell,
                ),
          ),
        ),
      ),
    );
    return h(
      'div',
      { class: 'table-wrap', role: 'region', 'aria-label': caption, tabindex: '0' },
      h('table', null, h('caption', null, caption), head, body),
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
      date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
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
    const format = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
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
    const safe = typeof url === 'string' && /^https?:\/\//.test(url) ? url : null;
    const href = safe || (links.repo ? `${links.server}/${links.repo}/issues/${n}` : null);
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
    );
  }

  // ---- sections ---------------------------------------------------------------

  function renderHealth(d) {
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
            null,
            'No telemetry from this stage yet.',
            null,
          ],
        };
      }
      return {
        attrs: { 'data-stage': key },
        cells: [
          label,
          badge(r.status),
          formatTime(r.finished_at),
          ago(r.finished_at),
          [text(r.summary), r.dry_run === true ? ' (dry run)' : ''],
          errorList(r.errors),
        ],
      };
    });
    add(
      body,
      table('Latest run of each stage', ['Stage', 'Status', 'Finished', 'Ago', 'Summary', 'Errors'], rows),
    );
  }

  function renderTracks(d) {
    const body = section('tracks');
    const supervisor = obj(d.supervisor);
    const activity = obj(d.activity);
    const tracks = supervisor && obj(supervisor.tracks);
    const counts = activity && obj(activity.counts);
    if (!tracks && !counts) {
      add(body, empty('No supervisor or activity telemetry yet.'));
      return;
    }
    if (supervisor) {
      add(
        body,
        h(
          'p',
          null,
          'Overall verdict: ',
          badge(supervisor.verdict),
          ` (supervisor, ${ago(supervisor.finished_at)})`,
        ),
      );
      const reasons = arr(supervisor.reasons);
      if (reasons.length > 0)
        add(
          body,
          h(
            'ul',
            { class: 'plain' },
            reasons.map((r) => h('li', null, text(r))),
          ),
        );
    }
    const rows = TRACKS.map((track) => {
      const t = (tracks && obj(tracks[track])) || {};
      const c = (counts && obj(counts[track])) || {};
      const pick = (a, b) => (num(a) !== null ? a : num(b));
      return {
        attrs: { 'data-track': track },
        cells: [
          track,
          t.verdict ? badge(t.verdict) : '—',
          pick(t.open, c.open),
          pick(t.active, c.active),
          pick(t.stale, c.stale),
          pick(t.escalated, c.escalation),
          obj(t.drift) ? num(t.drift.issues) : null,
          arr(t.reasons).length > 0
            ? h(
                'ul',
                { class: 'plain' },
                arr(t.reasons).map((r) => h('li', null, text(r))),
              )
            : '—',
        ],
      };
    });
    add(
      body,
      table(
        'Issues per track',
        ['Track', 'Verdict', 'Open', 'Active', 'Stale', 'Escalated', 'Drift', 'Reasons'],
        rows,
        {
          numeric: [2, 3, 4, 5, 6],
        },
      ),
    );
    if (tracks) {
      const driftRows = DRIFT_KINDS.map(([kind, label]) => [
        label,
        ...TRACKS.map((track) => num(obj(obj(tracks[track]) && tracks[track].drift)?.[kind])),
      ]);
      add(body, table('Drift left by kind (issues)', ['Kind', ...TRACKS], driftRows, { numeric: [1, 2] }));
    }
  }

  function renderIssues(d) {
    const body = section('issues');
    const activity = obj(d.activity);
    if (!activity) {
      add(body, empty('No activity telemetry yet.'));
      return;
    }
    add(body, statusLine(activity));
    const thresholds = obj(activity.thresholds) || {};
    for (const [status, title] of [
      ['escalation', 'Escalated issues'],
      ['stale', 'Stale issues'],
    ]) {
      const rows = [];
      for (const track of TRACKS) {
        for (const item of arr(activity[track]).filter(obj)) {
          if (item.status !== status) continue;
          rows.push({
            attrs: { 'data-issue': text(item.number) },
            cells: [
              issueLink(item.number, item.html_url),
              track,
              num(item.days_inactive),
              text(item.title) || null,
            ],
          });
        }
      }
      rows.sort((a, b) => (num(b.cells[2]) || 0) - (num(a.cells[2]) || 0));
      const limits = TRACKS.map((t) => {
        const th = obj(thresholds[t]);
        const days = th && (status === 'stale' ? th.stale_days : th.escalation_days);
        return num(days) !== null ? `${t} after ${days} days` : null;
      }).filter(Boolean);
      const caption = `${title} (${rows.length})${limits.length ? ` — ${limits.join(', ')}` : ''}`;
      add(body, h('h3', null, title));
      add(
        body,
        rows.length === 0
          ? empty(`No ${title.toLowerCase()}.`)
          : table(caption, ['Issue', 'Track', 'Days inactive', 'Title'], rows, { numeric: [2] }),
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
        : table(
            `Issues changed (${details.length})`,
            ['Issue', 'Changes'],
            details.map((x) => [issueLink(x.number, x.html_url), arr(x.changes).map(text).join(', ')]),
          ),
    );
    const malformed = arr(obj(sync.integrity)?.malformed).filter(obj);
    add(
      body,
      malformed.length === 0
        ? empty('No malformed issues.')
        : table(
            `Malformed issues (${malformed.length})`,
            ['Issue', 'Reason'],
            malformed.map((x) => ({
              attrs: { 'data-malformed': text(x.number) },
              cells: [issueLink(x.number), text(x.reason)],
            })),
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
    if (typeof plot !== 'function' || points.length === 0) {
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
    const make = () => {
      const width = Math.max(280, Math.min(holder.clientWidth || 600, 1100));
      return new plot(
        {
          width,
          height: 220,
          series: [
            {},
            ...series.map((s, i) => ({
              label: s.label,
              stroke: cssVar(colors[i % colors.length]),
              width: 2,
              spanGaps: false,
              points: { show: points.length < 40 },
            })),
          ],
          axes: [axis, { ...axis, ...options?.yAxis }],
          scales: { y: options?.yScale || { range: (_u, _min, max) => [0, Math.max(1, max)] } },
          legend: { live: false },
          cursor: { drag: { x: false, y: false } },
        },
        data,
        holder,
      );
    };
    // Drawn after the figure is in the page, when it has a width.
    charts.push({ holder, make });
    return figure;
  }

  function renderTrends(d) {
    const body = section('trends');
    const history = arr(d.history).filter((p) => obj(p) && !Number.isNaN(Date.parse(p.at)));
    if (history.length === 0) {
      add(body, empty('No history yet: trends appear once the merge has run a few times.'));
      return;
    }
    add(
      body,
      h(
        'p',
        null,
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
    const at = (p, path) => path.reduce((v, k) => (obj(v) ? v[k] : null), p);
    const n = (v) => num(v);
    add(
      body,
      chart('Sync corrections and malformed issues', history, [
        { label: 'Corrections', value: (p) => n(at(p, ['sync', 'corrections'])) },
        { label: 'Malformed', value: (p) => n(at(p, ['sync', 'malformed'])) },
      ]),
      chart('Stale and escalated issues per track', history, [
        { label: 'main stale', value: (p) => n(at(p, ['activity', 'main', 'stale'])) },
        { label: 'main escalated', value: (p) => n(at(p, ['activity', 'main', 'escalated'])) },
        { label: 'dashboard stale', value: (p) => n(at(p, ['activity', 'dashboard', 'stale'])) },
        { label: 'dashboard escalated', value: (p) => n(at(p, ['activity', 'dashboard', 'escalated'])) },
      ]),
      chart('Open issues per track', history, [
        { label: 'main open', value: (p) => n(at(p, ['activity', 'main', 'open'])) },
        { label: 'dashboard open', value: (p) => n(at(p, ['activity', 'dashboard', 'open'])) },
      ]),
      chart('Cleaner: issues closed and telemetry files pruned', history, [
        { label: 'Closed', value: (p) => n(at(p, ['cleaner', 'closed'])) },
        { label: 'Pruned', value: (p) => n(at(p, ['cleaner', 'pruned'])) },
      ]),
    );
    const verdictValue = { green: 0, yellow: 1, red: 2 };
    const verdictName = ['green', 'yellow', 'red'];
    add(
      body,
      chart(
        'Supervisor verdict per track (0 green, 1 yellow, 2 red)',
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
    );
    const recent = history.slice(-10).reverse();
    add(
      body,
      table(
        `Stage status in the last ${recent.length} merge run(s)`,
        ['Merged at', ...STAGES.map(([, label]) => label)],
        recent.map((p) => [
          formatTime(p.at) || text(p.at),
          ...STAGES.map(([key]) => {
            const status = at(p, ['stages', key]);
            return status ? badge(status) : '—';
          }),
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
        for (const c of charts) {
          if (c.plot)
            c.plot.setSize({
              width: Math.max(280, Math.min(c.holder.clientWidth || 600, 1100)),
              height: 220,
            });
        }
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
    const repo =
      typeof d.repository === 'string' && /^[\w.-]+\/[\w.-]+$/.test(d.repository) ? d.repository : '';
    const server =
      typeof d.server_url === 'string' && /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(d.server_url)
        ? d.server_url.replace(/\/+$/, '')
        : 'https://github.com';
    links = { server, repo };
    const meta = document.getElementById('meta');
    meta.replaceChildren(
      repo ? h('a', { href: `${server}/${repo}` }, repo) : 'Unknown repository',
      ' · merged ',
      formatTime(d.generated_at) || 'at an unknown time',
      ` (${ago(d.generated_at)})`,
    );
    if (repo) document.title = `Codex dashboard — ${repo}`;
    const renderers = [
      renderHealth,
      renderTracks,
      renderIssues,
      renderSync,
      renderSelftest,
      renderCleaner,
      renderDiagnostics,
      renderReview,
      renderTrends,
    ];
    for (const fn of renderers) {
      try {
        fn(d);
      } catch (error) {
        // One odd record must not blank the whole page.
        const id = fn.name.replace(/^render/, '').toLowerCase();
        const body = document.querySelector(`#${id} .section-body`);
        if (body) body.replaceChildren(empty(`This section could not be shown: ${text(error?.message)}`));
      }
    }
    drawCharts();
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
