// jxdist's HTML report: draws the page from the run's JSON report (the shape --report-json
// writes), which the page carries in the script element jxdist-data. Everything shown comes
// from that JSON, so a report made by merging several runs' JSON draws the same way. Text from
// the run is only ever set as text, never as markup. It is one file of about 500 lines, with no
// library, because the page must work alone: each part of the page is one function below (head,
// timeline, failures, crashes, flaky, slowest, hostsAndWorkers).
(function () {
  'use strict';

  // Worst first: a bar or a count takes the first of these that any of its tests has.
  var STATUSES = ['crashed', 'error', 'failed', 'flaky', 'passed', 'skipped'];
  var LABELS = {
    passed: 'passed', failed: 'failed', error: 'errors', skipped: 'skipped',
    crashed: 'crashed', flaky: 'flaky'
  };
  // The order of the counts at the top, as the console's summary line has them.
  var COUNTED = ['passed', 'failed', 'error', 'skipped', 'crashed', 'flaky'];
  var SLOWEST = 10;
  var MAX_PROBLEMS = 200;
  var MAX_TOOLTIP_TESTS = 24;

  var data = JSON.parse(document.getElementById('jxdist-data').textContent);
  var tests = list(data.tests);
  var workers = list(data.workers);
  var hosts = list(data.hosts);
  var summary = data.summary || {};

  function list(value) { return Array.isArray(value) ? value : []; }
  function text(value) { return value === undefined || value === null ? '' : String(value); }
  function num(value) { var n = Number(value); return isFinite(n) ? n : 0; }

  /** How many times a test ran: its attempts are a list (a number in reports before 0.1.x reruns). */
  function attemptCount(t) { return Array.isArray(t.attempts) ? t.attempts.length : num(t.attempts); }

  /** An element with attributes (class, data-*, ...) and children (nodes or text). */
  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      var value = attrs[key];
      if (value === undefined || value === null || value === false) return;
      if (key === 'text') node.textContent = text(value);
      else if (key === 'style') Object.assign(node.style, value);
      else node.setAttribute(key, value === true ? '' : text(value));
    });
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child === undefined || child === null || child === false) return;
    if (Array.isArray(child)) child.forEach(function (c) { append(node, c); });
    else node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }

  /** Seconds as people read them: 12 ms, 3.42 s, 2m05s. */
  function seconds(s) {
    s = num(s);
    if (s < 1) return Math.round(s * 1000) + ' ms';
    if (s < 60) return s.toFixed(2) + ' s';
    var m = Math.floor(s / 60);
    var rest = Math.round(s - m * 60);
    return m + 'm' + (rest < 10 ? '0' : '') + rest + 's';
  }
  function bytes(n) {
    n = num(n);
    if (n < 1024) return n + ' B';
    var units = ['KiB', 'MiB', 'GiB', 'TiB'];
    var i = -1;
    do { n /= 1024; i++; } while (n >= 1024 && i < units.length - 1);
    return n.toFixed(n < 10 ? 1 : 0) + ' ' + units[i];
  }
  /** The summary's count of tests of {@code status}. */
  function count(status) { return num(summary[status === 'error' ? 'errors' : status]); }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  /** fx.Outer$Inner runs with fx.Outer: the top-level class is the unit of work. */
  function topLevel(cls) { var at = text(cls).indexOf('$'); return at < 0 ? text(cls) : text(cls).slice(0, at); }
  function simpleName(cls) { var parts = text(cls).split('.'); return parts[parts.length - 1]; }
  function title(test) { return text(test['class']) + ' \u203a ' + text(test.name); }
  function worst(statuses) {
    for (var i = 0; i < STATUSES.length; i++) if (statuses.indexOf(STATUSES[i]) >= 0) return STATUSES[i];
    return 'skipped';
  }
  /** w2 before w10. */
  function naturally(a, b) {
    return text(a).localeCompare(text(b), undefined, { numeric: true, sensitivity: 'base' });
  }
  var modules = tests.map(function (t) { return text(t.module); })
    .filter(function (m, i, all) { return m && all.indexOf(m) === i; });

  var workerById = {};
  workers.forEach(function (w) { workerById[text(w.id)] = w; });

  // ---- the head: verdict, facts, counts ----

  function head() {
    var total = num(summary.total);
    var exit = num(summary.exit_code);
    var bad = num(summary.failed) + num(summary.errors) + num(summary.crashed);
    var verdict, mood;
    if (exit === 2) { verdict = 'Interrupted: ' + plural(total, 'test', 'tests') + ', not all run'; mood = 'stopped'; }
    else if (exit === 5 || total === 0) { verdict = 'No tests found'; mood = 'stopped'; }
    else if (exit === 3) { verdict = 'The run failed: ' + plural(total, 'test', 'tests'); mood = 'bad'; }
    else if (bad > 0 || exit !== 0) {
      var parts = [];
      if (num(summary.failed)) parts.push(num(summary.failed) + ' failed');
      if (num(summary.errors)) parts.push(plural(num(summary.errors), 'error', 'errors'));
      if (num(summary.crashed)) parts.push(num(summary.crashed) + ' crashed');
      verdict = (parts.length ? parts.join(', ') : 'Failed') + ' of ' + plural(total, 'test', 'tests');
      mood = 'bad';
    } else {
      verdict = (total === 1 ? 'The test' : 'All ' + total + ' tests') + ' passed';
      mood = 'good';
    }
    document.title = 'jxdist: ' + verdict;
    var classes = {};
    tests.forEach(function (t) { if (t['class']) classes[topLevel(t['class'])] = true; });
    var ran = workers.filter(function (w) { return text(w.state) !== 'failed'; }).length;
    var facts = [
      ['wall time', seconds(summary.wall_s)],
      ['workers', String(ran) + (ran !== workers.length ? ' of ' + workers.length : '')],
      ['hosts', String(hosts.length)],
      ['classes', String(Object.keys(classes).length)],
      ['exit code', String(exit)]
    ];
    if (modules.length > 1) facts.splice(4, 0, ['modules', String(modules.length)]);
    var counts = [['total', total, 's-total']].concat(COUNTED.map(function (s) {
      return [LABELS[s], count(s), 's-' + s];
    }));
    return el('header', { 'class': 'run' },
      el('div', { 'class': 'brand' }, el('b', { text: 'jxdist' }), ' run report'),
      el('h1', { 'class': mood, id: 'verdict', text: verdict }),
      el('div', { 'class': 'facts' }, facts.map(function (f) {
        return el('span', {}, f[0] + ' ', el('b', { text: f[1] }));
      })),
      el('div', { 'class': 'counts' }, counts.map(function (c) {
        return el('div', { 'class': 'count-card ' + c[2] + (c[1] === 0 ? ' zero' : ''), 'data-count': c[0] },
          el('div', { 'class': 'n', text: c[1] }), el('div', { 'class': 'label', text: c[0] }));
      })),
      total > 0 ? el('div', { 'class': 'share' }, COUNTED.filter(function (s) {
        return count(s) > 0;
      }).map(function (s) {
        var n = count(s);
        return el('span', { 'class': 's-' + s, title: n + ' ' + LABELS[s], style: { width: (100 * n / total) + '%' } });
      })) : null);
  }

  // ---- the timeline ----

  /**
   * One bar per run of tests of one top-level class on one worker, from its first start to its last
   * end. A worker's tests go in the order they started; tests that started at the same instant (a
   * backlog of events the coordinator took within one millisecond) are in no known order among
   * themselves. So a class's next test continues its bar unless a test of another class started
   * strictly between the two: that is, unless an instant at which the class started nothing lies
   * between them.
   * Where class_times has the unit that ran them (same worker and class, the first to end at or
   * after the bar's last test), the bar covers that whole unit, class set-up and tear-down too:
   * from its end_s less its seconds to its end_s.
   */
  function bars() {
    var byWorker = {};
    tests.forEach(function (t, index) {
      var w = text(t.worker);
      if (!w) return;
      (byWorker[w] = byWorker[w] || []).push({ test: t, index: index });
    });
    var out = [];
    Object.keys(byWorker).forEach(function (w) {
      var mine = byWorker[w].sort(function (a, b) {
        return num(a.test.start_s) - num(b.test.start_s) || a.index - b.index;
      });
      // The instants, numbered in order: a class's open bar goes on through its next test if that
      // started at the instant of the bar's last one or at the next instant.
      var instant = -1;
      var previous = NaN;
      var open = Object.create(null);
      mine.forEach(function (entry) {
        var t = entry.test;
        var cls = topLevel(t['class']);
        if (num(t.start_s) !== previous) {
          previous = num(t.start_s);
          instant++;
        }
        var bar = open[cls];
        if (!bar || bar.lastInstant < instant - 1) {
          bar = { worker: w, cls: cls, start: num(t.start_s), end: num(t.end_s), tests: [] };
          open[cls] = bar;
          out.push(bar);
        }
        bar.lastInstant = instant;
        bar.start = Math.min(bar.start, num(t.start_s));
        bar.end = Math.max(bar.end, num(t.end_s));
        bar.tests.push(t);
      });
    });
    var units = list(data.class_times).filter(function (u) { return text(u.worker) && num(u.end_s) > 0; });
    out.forEach(function (b) {
      var best = -1;
      units.forEach(function (u, i) {
        if (!u || text(u.worker) !== b.worker || topLevel(u['class']) !== b.cls) return;
        if (num(u.end_s) + 0.0015 < b.end) return;
        if (best < 0 || num(u.end_s) < num(units[best].end_s)) best = i;
      });
      if (best >= 0) {
        b.start = Math.max(0, Math.min(b.start, num(units[best].end_s) - num(units[best].seconds)));
        b.end = Math.max(b.end, num(units[best].end_s));
        b.unitSeconds = num(units[best].seconds);
        units[best] = null;
      }
      b.status = worst(b.tests.map(function (t) { return text(t.status); }));
    });
    return out;
  }

  /** A tick step that gives at most about ten ticks. */
  function tickStep(span) {
    var steps = [0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
    for (var i = 0; i < steps.length; i++) if (span / steps[i] <= 10) return steps[i];
    return Math.ceil(span / 10 / 3600) * 3600;
  }

  function timeline() {
    var all = bars();
    // From the first test's start (before it: Maven and the workers' start-up) to the run's end.
    var from = all.reduce(function (m, b) { return Math.min(m, b.start); }, Infinity);
    if (!isFinite(from)) from = 0;
    var to = Math.max(num(summary.wall_s), all.reduce(function (m, b) { return Math.max(m, b.end); }, 0));
    var span = Math.max(to - from, 0.001);
    to = from + span;
    // Rows: one per worker slot of a host (a slot's later JVMs share its row), hosts in report order.
    var rows = [];
    var rowOf = {};
    workers.forEach(function (w) {
      var key = text(w.host) + '\u0000' + text(w.slot || w.id);
      if (!rowOf[key]) {
        rowOf[key] = { host: text(w.host), slot: text(w.slot || w.id), workers: [] };
        rows.push(rowOf[key]);
      }
      rowOf[key].workers.push(w);
    });
    var hostOrder = hosts.map(function (h) { return text(h.name); });
    rows.sort(function (a, b) {
      var ha = hostOrder.indexOf(a.host), hb = hostOrder.indexOf(b.host);
      return (ha - hb) || naturally(a.slot, b.slot);
    });
    // Bars of a worker the report does not list (a partial report) still get a row.
    all.forEach(function (b) {
      if (!workerById[b.worker]) {
        var key = '\u0000' + b.worker;
        if (!rowOf[key]) {
          rowOf[key] = { host: '', slot: b.worker, workers: [{ id: b.worker }] };
          rows.push(rowOf[key]);
        }
      }
    });
    var rowForWorker = {};
    rows.forEach(function (r) { r.workers.forEach(function (w) { rowForWorker[text(w.id)] = r; }); r.bars = []; });
    all.forEach(function (b) { rowForWorker[b.worker].bars.push(b); });

    var step = tickStep(span);
    var ticks = [];
    for (var at = Math.ceil(from / step - 1e-9) * step; at <= to + 1e-9; at += step) {
      ticks.push(el('div', { 'class': 'tick', style: { left: (100 * (at - from) / span) + '%' } },
        el('span', { text: step < 1 ? at.toFixed(1) + ' s' : seconds(at) })));
    }
    var present = STATUSES.filter(function (s) { return all.some(function (b) { return b.status === s; }); });
    var grid = el('div', { 'class': 'gantt', id: 'timeline', 'data-from': from.toFixed(3), 'data-to': to.toFixed(3) },
      el('div', {}), el('div', { 'class': 'axis' }, ticks));
    rows.forEach(function (r) {
      var ids = r.workers.map(function (w) { return text(w.id); });
      grid.appendChild(el('div', { 'class': 'who', title: 'worker JVMs: ' + ids.join(', ') },
        el('b', { text: r.slot }), r.host ? el('span', { 'class': 'host', text: r.host }) : null));
      var started = r.workers.some(function (w) { return text(w.state) !== 'failed'; });
      grid.appendChild(el('div', {
        'class': 'track' + (r.bars.length ? '' : ' idle'), 'data-row': r.slot,
        'data-idle': r.bars.length ? null : started ? 'ran no test' : 'did not start'
      },
        r.bars.map(function (b) {
          var node = el('div', {
            'class': 'bar s-' + b.status,
            'data-worker': b.worker, 'data-class': b.cls, 'data-status': b.status,
            'data-start': b.start.toFixed(3), 'data-end': b.end.toFixed(3), 'data-tests': b.tests.length,
            style: { left: (100 * (b.start - from) / span) + '%', width: (100 * (b.end - b.start) / span) + '%' }
          }, el('span', { text: simpleName(b.cls) }));
          node.addEventListener('mouseenter', function (e) { showTooltip(b, e); node.classList.add('hot'); });
          node.addEventListener('mousemove', placeTooltip);
          node.addEventListener('mouseleave', function () { hideTooltip(); node.classList.remove('hot'); });
          return node;
        })));
    });
    return el('section', { id: 'timeline-section' },
      el('h2', {}, 'Timeline', el('span', { 'class': 'count', text:
        plural(all.length, 'class run', 'class runs') + ' on ' + plural(rows.length, 'worker slot', 'worker slots') +
        (from > 0 ? '; the first test started at ' + seconds(from) + ', after Maven and the workers started' : '') })),
      el('div', { 'class': 'legend' }, present.map(function (s) {
        return el('span', { 'class': 's-' + s }, el('i'), LABELS[s]);
      }), el('span', { text: 'hover a bar for its tests' })),
      all.length ? grid : el('p', { 'class': 'none', text: 'No test ran on a worker.' }));
  }

  function showTooltip(bar, event) {
    var tip = document.getElementById('tooltip');
    tip.textContent = '';
    var worker = workerById[bar.worker] || {};
    var counts = {};
    bar.tests.forEach(function (t) { counts[text(t.status)] = (counts[text(t.status)] || 0) + 1; });
    var countText = STATUSES.filter(function (s) { return counts[s]; })
      .map(function (s) { return counts[s] + ' ' + LABELS[s]; }).join(', ');
    var shown = bar.tests.slice(0, MAX_TOOLTIP_TESTS);
    append(tip, [
      el('div', { 'class': 'title', text: bar.cls }),
      el('div', { 'class': 'sub', text: [
        bar.worker + (worker.host ? ' on ' + worker.host : ''),
        num(bar.start).toFixed(2) + ' s \u2192 ' + num(bar.end).toFixed(2) + ' s (' + seconds(bar.end - bar.start) + ')',
        plural(bar.tests.length, 'test', 'tests') + ': ' + countText
      ].concat(modules.length > 1 && worker.module ? [text(worker.module)] : []).join(' \u00b7 ') }),
      el('table', {}, shown.map(function (t) {
        var nested = text(t['class']) !== bar.cls ? text(t['class']).slice(bar.cls.length + 1) + ' \u203a ' : '';
        return el('tr', {},
          el('td', { 'class': 's-' + text(t.status) }, el('i')),
          el('td', { 'class': 't', text: nested + text(t.name) }),
          el('td', { 'class': 'd', text: seconds(t.duration_s) }));
      })),
      bar.tests.length > shown.length ? el('div', { 'class': 'sub', text: '\u2026 and ' + (bar.tests.length - shown.length) + ' more' }) : null
    ]);
    tip.hidden = false;
    placeTooltip(event);
  }
  function placeTooltip(event) {
    var tip = document.getElementById('tooltip');
    var x = event.clientX + 14, y = event.clientY + 16;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    if (x + w > window.innerWidth - 8) x = Math.max(8, event.clientX - w - 14);
    if (y + h > window.innerHeight - 8) y = Math.max(8, event.clientY - h - 16);
    tip.style.left = x + 'px';
    tip.style.top = y + 'px';
  }
  function hideTooltip() { document.getElementById('tooltip').hidden = true; }

  // ---- failures, crashes, flaky tests ----

  function where(t) {
    var parts = [];
    if (t.worker) parts.push(text(t.worker) + (t.host ? ' on ' + text(t.host) : ''));
    if (modules.length > 1 && t.module) parts.push(text(t.module));
    parts.push(seconds(t.duration_s));
    return parts.join(' \u00b7 ');
  }
  function output(label, value) {
    var body = text(value);
    if (!body) return null;
    var lines = body.replace(/\n$/, '').split('\n').length;
    return el('details', { 'class': 'output' },
      el('summary', { text: label + ' (' + plural(lines, 'line', 'lines') + ')' }),
      el('pre', { text: body }));
  }
  function badge(status) { return el('span', { 'class': 'badge s-' + status, text: status }); }

  function problems(id, heading, chosen, card, none) {
    var shown = chosen.slice(0, MAX_PROBLEMS);
    return el('section', { id: id, 'class': chosen.length ? 'problems' : 'problems empty' },
      el('h2', {}, heading, el('span', { 'class': 'count', text: String(chosen.length) })),
      chosen.length ? shown.map(card) : el('p', { 'class': 'none', text: none }),
      chosen.length > shown.length ? el('p', { 'class': 'muted', text: 'and ' + (chosen.length - shown.length) + ' more: the JSON report lists every one' }) : null);
  }

  function failures() {
    var chosen = tests.filter(function (t) { return t.status === 'failed' || t.status === 'error'; });
    return problems('failures', 'Failures', chosen, function (t) {
      var trace = text(t.stack_trace);
      return el('div', { 'class': 'problem s-' + text(t.status), 'data-test': text(t.id) },
        el('div', { 'class': 'head' }, badge(text(t.status)), el('span', { 'class': 'name', text: title(t) }),
          el('span', { 'class': 'where', text: where(t) })),
        t.message ? el('div', { 'class': 'message', text: t.message }) : null,
        trace ? el('pre', { 'class': 'trace', text: trace }) : null,
        output('standard output', t.stdout), output('standard error', t.stderr));
    }, 'No test failed.');
  }

  function crashes() {
    var chosen = tests.filter(function (t) { return t.status === 'crashed'; });
    var withTests = {};
    chosen.forEach(function (t) { withTests[text(t.worker)] = true; });
    var quiet = workers.filter(function (w) { return w.state === 'crashed' && !withTests[text(w.id)]; });
    var section = problems('crashes', 'Crashes', chosen, function (t) {
      // The message is the crash report: a headline, the command, the worker's last lines.
      var message = text(t.message);
      var cut = message.indexOf('\n');
      return el('div', { 'class': 'problem s-crashed', 'data-test': text(t.id) },
        el('div', { 'class': 'head' }, badge('crashed'), el('span', { 'class': 'name', text: title(t) }),
          el('span', { 'class': 'where', text: where(t) })),
        el('div', { 'class': 'message', text: cut < 0 ? message : message.slice(0, cut) }),
        cut < 0 ? null : el('pre', { 'class': 'trace', text: message.slice(cut + 1) }),
        output('standard output', t.stdout), output('standard error', t.stderr));
    }, quiet.length ? 'No test was lost in a crash.' : 'No worker crashed.');
    quiet.forEach(function (w) {
      section.appendChild(el('div', { 'class': 'problem s-crashed' },
        el('div', { 'class': 'head' }, badge('crashed'),
          el('span', { 'class': 'name', text: 'worker ' + text(w.id) + (w.host ? ' on ' + text(w.host) : '') }),
          el('span', { 'class': 'where', text: 'pid ' + text(w.pid) + ' \u00b7 no test was running' }))));
    });
    return section;
  }

  function flaky() {
    var chosen = tests.filter(function (t) { return t.status === 'flaky'; });
    return problems('flaky', 'Flaky tests', chosen, function (t) {
      return el('div', { 'class': 'problem s-flaky', 'data-test': text(t.id) },
        el('div', { 'class': 'head' }, badge('flaky'), el('span', { 'class': 'name', text: title(t) }),
          el('span', { 'class': 'where', text: 'passed on attempt ' + attemptCount(t) + ' \u00b7 ' + where(t) })),
        t.message ? el('div', { 'class': 'message', text: t.message }) : null,
        t.stack_trace ? el('pre', { 'class': 'trace', text: t.stack_trace }) : null);
    }, 'No test failed and then passed.');
  }

  // ---- slowest, hosts, workers ----

  function table(id, columns, rows) {
    return el('table', { 'class': 'list', id: id },
      el('thead', {}, el('tr', {}, columns.map(function (c) { return el('th', { 'class': c[1] || '', text: c[0] }); }))),
      el('tbody', {}, rows.map(function (r) {
        return el('tr', {}, r.map(function (cell, i) {
          return el('td', { 'class': columns[i][1] || '' }, cell);
        }));
      })));
  }
  function meter(value, max) {
    return el('span', { 'class': 'meter', style: { width: (max > 0 ? 100 * value / max : 0) + '%' } });
  }

  function slowest() {
    var timed = tests.filter(function (t) { return num(t.duration_s) > 0; })
      .sort(function (a, b) { return num(b.duration_s) - num(a.duration_s) || title(a).localeCompare(title(b)); })
      .slice(0, SLOWEST);
    // A class's time: what its worker spent on it as a whole (class_times); else its tests' sum.
    var classes = {};
    list(data.class_times).forEach(function (u) {
      classes[text(u['class'])] = (classes[text(u['class'])] || 0) + num(u.seconds);
    });
    var fromTests = {};
    tests.forEach(function (t) {
      if (num(t.duration_s) > 0 && t['class']) {
        var c = topLevel(t['class']);
        fromTests[c] = (fromTests[c] || 0) + num(t.duration_s);
      }
    });
    Object.keys(fromTests).forEach(function (c) { if (!(c in classes)) classes[c] = fromTests[c]; });
    var slowClasses = Object.keys(classes).map(function (c) { return [c, classes[c]]; })
      .sort(function (a, b) { return b[1] - a[1] || a[0].localeCompare(b[0]); }).slice(0, SLOWEST);
    var maxTest = timed.length ? num(timed[0].duration_s) : 0;
    var maxClass = slowClasses.length ? slowClasses[0][1] : 0;
    return el('div', { 'class': 'pair' },
      el('section', { id: 'slowest-tests' },
        el('h2', {}, 'Slowest tests', el('span', { 'class': 'count', text: 'top ' + timed.length })),
        timed.length ? table('slowest-tests-table', [['time', 'num'], ['test'], ['worker']], timed.map(function (t) {
          return [seconds(t.duration_s), el('span', {}, title(t), meter(num(t.duration_s), maxTest)), text(t.worker)];
        })) : el('p', { 'class': 'muted', text: 'No test took measurable time.' })),
      el('section', { id: 'slowest-classes' },
        el('h2', {}, 'Slowest classes', el('span', { 'class': 'count', text: 'top ' + slowClasses.length })),
        slowClasses.length ? table('slowest-classes-table', [['time', 'num'], ['class']], slowClasses.map(function (c) {
          return [seconds(c[1]), el('span', {}, c[0], meter(c[1], maxClass))];
        })) : el('p', { 'class': 'muted', text: 'No class took measurable time.' })));
  }

  function hostsAndWorkers() {
    var hostRows = hosts.map(function (h) {
      var s = h.sync || {};
      var synced = num(s.files) > 0 || num(s.seconds) > 0;
      return [el('span', { 'class': 'name', text: text(h.name) }), String(num(h.workers)),
        synced ? String(num(s.files)) : '\u2014', synced ? String(num(s.files_uploaded)) : '\u2014',
        synced ? bytes(s.bytes_uploaded) : '\u2014', synced ? seconds(s.seconds) : 'no sync needed'];
    });
    var workerRows = workers.slice().sort(function (a, b) { return naturally(a.id, b.id); }).map(function (w) {
      return [el('span', { 'class': 'name', text: text(w.id) }), text(w.slot), text(w.host), w.pid ? String(w.pid) : '\u2014']
        .concat(modules.length > 1 ? [text(w.module)] : [])
        .concat([el('span', { 'class': 's-' + (w.state === 'finished' ? 'passed' : w.state === 'crashed' ? 'crashed' : 'skipped') },
          el('span', { 'class': 'badge', text: text(w.state) })), String(num(w.tests)), String(list(w.classes).length)]);
    });
    return el('div', { 'class': 'pair' },
      el('section', { id: 'hosts' },
        el('h2', {}, 'Hosts and code sync', el('span', { 'class': 'count', text: String(hosts.length) })),
        table('hosts-table', [['host'], ['workers', 'num'], ['files', 'num'], ['uploaded', 'num'], ['bytes', 'num'], ['sync', 'num']], hostRows)),
      el('section', { id: 'workers' },
        el('h2', {}, 'Worker JVMs', el('span', { 'class': 'count', text: String(workers.length) })),
        table('workers-table', [['worker'], ['slot'], ['host'], ['pid', 'num']]
          .concat(modules.length > 1 ? [['module']] : [])
          .concat([['state'], ['tests', 'num'], ['classes', 'num']]), workerRows)));
  }

  var root = document.getElementById('report');
  try {
    // Problems first; sections with nothing to show share one row below them.
    var problemParts = [failures(), crashes(), flaky()];
    var empty = problemParts.filter(function (p) { return p.classList.contains('empty'); });
    [head(), timeline()].concat(problemParts.filter(function (p) { return !p.classList.contains('empty'); }))
      .concat(empty.length ? [el('div', { 'class': 'trio' }, empty)] : []).concat([slowest(), hostsAndWorkers(),
      el('footer', { text: 'Drawn from the run\u2019s JSON report, which this page carries; nothing here was fetched.' })])
      .forEach(function (part) { root.appendChild(part); });
    document.documentElement.setAttribute('data-rendered', 'true');
  } catch (e) {
    root.appendChild(el('section', { 'class': 'broken', text: 'This report could not be drawn: ' + e }));
    throw e;
  }
})();
