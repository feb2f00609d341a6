/**
 * The dashboards' browser script, served from the Worker as /dashboard/assets/app.js (no CDN, no
 * build step, CSP script-src 'self'). It renders the page from the JSON island, opens one WebSocket
 * to the LiveHub, and on a pushed event refetches the page's snapshot once (debounced): no polling.
 * Reconnects with exponential backoff and refetches after a drop. Everything from the server is
 * escaped before it reaches innerHTML (lead texts are written by prospects).
 */
export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var body = document.body;
  var page = body.getAttribute('data-page');
  var canSales = body.getAttribute('data-can-sales') === '1';
  var canFinance = body.getAttribute('data-can-finance') === '1';
  function $(id) { return document.getElementById(id); }
  function esc(s) {
    return String(s == null ? '' : s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function label(s) { return String(s == null ? '' : s).replace(/_/g, ' '); }
  function money(minor, cur) {
    if (minor == null) return '—';
    try { return new Intl.NumberFormat('en-US', { style: 'currency', currency: cur || 'USD' }).format(minor / 100); }
    catch (e) { return (minor / 100).toFixed(2) + ' ' + (cur || ''); }
  }
  function time(iso) {
    if (!iso) return '—';
    var d = new Date(iso);
    if (isNaN(d.getTime())) return esc(iso);
    return '<time datetime="' + esc(iso) + '">' + esc(d.toISOString().slice(0, 16).replace('T', ' ')) + '</time>';
  }
  function ago(iso) {
    if (!iso) return 'never';
    var s = Math.max(0, (Date.now() - new Date(iso).getTime()) / 1000);
    if (s < 60) return Math.round(s) + ' s ago';
    if (s < 3600) return Math.round(s / 60) + ' min ago';
    if (s < 86400) return Math.round(s / 3600) + ' h ago';
    return Math.round(s / 86400) + ' d ago';
  }
  function dur(ms) {
    if (ms == null) return '—';
    if (ms < 1000) return Math.round(ms) + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 3600000) return Math.round(ms / 60000) + ' min';
    if (ms < 86400000) return (ms / 3600000).toFixed(1) + ' h';
    return (ms / 86400000).toFixed(1) + ' d';
  }
  function badge(text, cls) { return '<span class="badge ' + esc(cls || text) + '">' + esc(label(text)) + '</span>'; }
  function empty(text) { return '<p class="empty">' + esc(text) + '</p>'; }
  function setStatus(text, isError) {
    var el = $('action-status');
    if (!el) return;
    el.textContent = text;
    el.className = 'status' + (isError ? ' error' : '');
  }

  var island = $('initial-data');
  var data = island ? JSON.parse(island.textContent || 'null') : null;
  var leadId = page === 'lead' ? ($('lead-title') || body).getAttribute('data-lead-id') : null;
  var endpoint = {
    pipeline: '/dashboard/api/pipeline',
    recon: '/dashboard/api/recon' + location.search,
    flow: '/dashboard/api/flow',
    lead: leadId ? '/dashboard/api/leads/' + encodeURIComponent(leadId) : null
  }[page];

  // ---------- activity log (shared) ----------
  function activityItem(a) {
    var li = document.createElement('li');
    li.setAttribute('data-id', a.id);
    var target = a.href ? '<a href="' + esc(a.href) + '">' + esc(a.entity) + ' ' + esc(a.entity_id) + '</a>' : esc(a.entity) + ' ' + esc(a.entity_id);
    li.innerHTML = time(a.at) + ' ' + badge(a.agent, 'agent') + ' <strong>' + esc(label(a.action)) + '</strong> ' + target +
      (a.outcome === 'error' ? ' ' + badge('error') : '') +
      (a.latency_ms != null ? ' <span class="sum">' + esc(dur(a.latency_ms)) + '</span>' : '') +
      (a.summary ? ' <span class="sum">' + esc(a.summary) + '</span>' : '');
    return li;
  }
  /** Adds only the items not shown yet (aria-live announces additions, not a full redraw). */
  function mergeActivity(list, initialRender) {
    var ol = $('activity');
    if (!ol || !list) return;
    if (initialRender) ol.innerHTML = '';
    var seen = {};
    Array.prototype.forEach.call(ol.children, function (li) { seen[li.getAttribute('data-id')] = true; });
    var fresh = list.filter(function (a) { return !seen[a.id]; });
    for (var i = fresh.length - 1; i >= 0; i--) {
      var li = activityItem(fresh[i]);
      if (!initialRender) li.className = 'new';
      ol.insertBefore(li, ol.firstChild);
    }
    while (ol.children.length > 60) ol.removeChild(ol.lastChild);
    if (!ol.children.length) ol.innerHTML = '<li class="empty" data-id="">No agent activity yet.</li>';
    else { var e = ol.querySelector('li.empty'); if (e && ol.children.length > 1) ol.removeChild(e); }
  }

  // ---------- pipeline ----------
  var sort = { key: 'received_at', dir: 'desc' };
  function bar(value, max) {
    var w = max > 0 ? Math.max(1, Math.round((value / max) * 100)) : 0;
    return '<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false"><rect width="100" height="10" fill="#eaeef2"></rect><rect width="' + w + '" height="10" fill="#0969da"></rect></svg>';
  }
  function renderPipeline(d, first) {
    $('agents').innerHTML = d.agents.map(function (a) {
      return '<li class="card"><h3>' + esc(a.agent) + ' ' + badge(a.state) + '</h3>' +
        '<span class="big">' + esc(a.handled) + '</span><p>events handled</p>' +
        '<p>' + esc(a.errors) + ' error' + (a.errors === 1 ? '' : 's') + '</p>' +
        '<p>Last: ' + (a.last_action ? esc(label(a.last_action)) + ', ' : '') + esc(ago(a.last_at)) + '</p>' +
        (a.last_error ? '<p class="error">' + esc(a.last_error) + '</p>' : '') + '</li>';
    }).join('');
    var max = d.stages.reduce(function (m, s) { return Math.max(m, s.count); }, 0);
    $('stages').innerHTML = d.stages.length ? '<ul class="bars">' + d.stages.map(function (s) {
      return '<li><span>' + badge(s.stage) + '</span>' + bar(s.count, max) + '<span>' + esc(s.count) + (s.avg_score != null ? ' · ' + esc(Number(s.avg_score).toFixed(1)) : '') + '</span></li>';
    }).join('') + '</ul><p class="hint">count · average score</p>' : empty('No leads yet.');
    var v = d.velocity;
    var perDayMax = v.leads_per_day.reduce(function (m, x) { return Math.max(m, x.count); }, 0);
    var days = v.leads_per_day.map(function (x, i) {
      var h = perDayMax ? Math.round((x.count / perDayMax) * 40) : 0;
      return '<rect x="' + (i * 10 + 1) + '" y="' + (42 - h) + '" width="8" height="' + h + '" fill="#1a7f37"><title>' + esc(x.day + ': ' + x.count) + '</title></rect>';
    }).join('');
    var today = v.leads_per_day.length ? v.leads_per_day[v.leads_per_day.length - 1].count : 0;
    $('velocity').innerHTML =
      (v.steps.length ? '<div class="table-wrap"><table><caption>Median time between stages</caption><thead><tr><th scope="col">From → to</th><th scope="col" class="num">Median</th><th scope="col" class="num">Leads</th></tr></thead><tbody>' +
        v.steps.map(function (s) { return '<tr><td>' + esc(label(s.from)) + ' → ' + esc(label(s.to)) + '</td><td class="num">' + esc(dur(s.median_ms)) + '</td><td class="num">' + esc(s.samples) + '</td></tr>'; }).join('') +
        '</tbody></table></div>' : empty('No stage changes yet.')) +
      '<p><strong>' + esc(today) + '</strong> leads today, ' + esc(v.total_leads) + ' in total. Leads per day, last ' + esc(v.leads_per_day.length) + ' days:</p>' +
      '<svg class="perday" viewBox="0 0 ' + (v.leads_per_day.length * 10) + ' 44" preserveAspectRatio="none" role="img" aria-label="Leads per day: ' + esc(v.leads_per_day.map(function (x) { return x.day + ' ' + x.count; }).join(', ')) + '">' + days + '</svg>';
    renderLeadTable();
    mergeActivity(d.activity, first);
  }
  function cmp(a, b) {
    var x = a[sort.key], y = b[sort.key];
    if (x == null && y == null) return 0;
    if (x == null) return 1;
    if (y == null) return -1;
    var r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return sort.dir === 'asc' ? r : -r;
  }
  function renderLeadTable() {
    var q = ($('lead-q').value || '').trim().toLowerCase();
    var st = $('lead-stage').value;
    var rows = data.leads.filter(function (l) {
      if (st && l.stage !== st) return false;
      if (!q) return true;
      return [l.company, l.contact_name, l.source, l.id, l.stage].some(function (v) { return v != null && String(v).toLowerCase().indexOf(q) >= 0; });
    }).sort(cmp);
    var tbody = $('leads-table').querySelector('tbody');
    tbody.innerHTML = rows.length ? rows.map(function (l) {
      return '<tr data-lead-id="' + esc(l.id) + '"><td><a href="/dashboard/leads/' + encodeURIComponent(l.id) + '">' + esc(l.company || '(unknown company)') + '</a>' +
        (l.contact_name ? '<br><span class="hint">' + esc(l.contact_name) + '</span>' : '') + (l.injection_attempt ? ' ' + badge('injection flagged', 'warn') : '') + '</td>' +
        '<td class="num">' + esc(Number(l.score).toFixed(2)) + '</td><td>' + badge(l.stage) + '</td><td>' + esc(label(l.source)) + '</td>' +
        '<td class="num">' + (l.budget_usd_minor != null ? esc(money(l.budget_usd_minor, 'USD')) : '—') + '</td>' +
        '<td class="num">' + (l.employees != null ? esc(l.employees) : '—') + '</td><td>' + time(l.received_at) + '</td></tr>';
    }).join('') : '<tr><td colspan="7" class="empty">No leads match.</td></tr>';
    $('leads-count').textContent = rows.length + ' of ' + data.leads.length + ' leads';
    Array.prototype.forEach.call(document.querySelectorAll('#leads-table th'), function (th) {
      var b = th.querySelector('button');
      th.setAttribute('aria-sort', b && b.getAttribute('data-sort') === sort.key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none');
    });
  }
  function wirePipeline() {
    $('lead-q').addEventListener('input', renderLeadTable);
    $('lead-stage').addEventListener('change', renderLeadTable);
    $('lead-filter').addEventListener('submit', function (e) { e.preventDefault(); });
    Array.prototype.forEach.call(document.querySelectorAll('#leads-table button.sort'), function (b) {
      b.addEventListener('click', function () {
        var key = b.getAttribute('data-sort');
        if (sort.key === key) sort.dir = sort.dir === 'asc' ? 'desc' : 'asc';
        else { sort.key = key; sort.dir = key === 'company' || key === 'stage' || key === 'source' ? 'asc' : 'desc'; }
        renderLeadTable();
      });
    });
  }

  // ---------- lead ----------
  function post(url, payload) {
    return fetch(url, { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify(payload || {}) })
      .then(function (r) {
        return r.text().then(function (t) {
          var j = null; try { j = t ? JSON.parse(t) : null; } catch (e) { j = null; }
          if (!r.ok) throw new Error((j && (j.detail || j.title)) || ('HTTP ' + r.status));
          return j;
        });
      });
  }
  function renderLead(d) {
    var l = d.lead;
    if (!l) { $('lead-title').textContent = 'Lead not found'; $('lead-facts').innerHTML = empty('No such lead.'); return; }
    $('lead-title').textContent = (l.company || '(unknown company)') + ' — ' + label(d.stage || l.stage);
    document.title = (l.company || 'Lead') + ' · Lead-to-Cash';
    var sb = l.score_breakdown || {};
    var budget = l.budget_amount_minor != null ? money(l.budget_amount_minor, l.budget_currency) + (l.budget_usd_minor != null && l.budget_currency !== 'USD' ? ' (' + money(l.budget_usd_minor, 'USD') + ')' : '') : '—';
    var facts = [
      ['Stage', badge(d.stage || l.stage)], ['Score', esc(Number(l.score).toFixed(2)) + ' <span class="hint">size ' + esc(sb.size) + ' · budget ' + esc(sb.budget) + ' · urgency ' + esc(sb.urgency) + '</span>'],
      ['Qualified', l.qualified ? 'yes' : 'no' + (l.stage_reason ? ' — ' + esc(l.stage_reason) : '')], ['Company', esc(l.company || '—')],
      ['Contact', esc((l.contact_name || '') + (l.contact_email ? ' <' + l.contact_email + '>' : '')) || '—'], ['Source', esc(label(l.source))],
      ['Employees', esc(l.employees == null ? '—' : l.employees)], ['Budget', esc(budget)], ['Timeline', l.timeline_weeks == null ? '—' : esc(l.timeline_weeks) + ' weeks'],
      ['Intent', esc(label(l.intent || '—'))], ['Products', esc((l.products || []).join(', ') || '—')],
      ['Injection', l.injection_attempt ? badge('attempt flagged', 'error') + ' <span class="sum">' + esc((l.injection_evidence || []).join(' | ')) + '</span>' : 'none'],
      ['Received', time(l.received_at)], ['Id', '<code>' + esc(l.id) + '</code>']
    ];
    $('lead-facts').innerHTML = '<dl class="facts">' + facts.map(function (f) { return '<dt>' + f[0] + '</dt><dd>' + f[1] + '</dd>'; }).join('') + '</dl>';
    var waiting = d.drafts.filter(function (x) { return x.status === 'awaiting_approval'; });
    $('drafts').innerHTML = waiting.length ? waiting.map(function (x) {
      var dis = canSales ? '' : ' disabled aria-describedby="need-sales"';
      return '<article class="draft" data-draft-id="' + esc(x.id) + '" aria-labelledby="dh-' + esc(x.id) + '"><h3 id="dh-' + esc(x.id) + '">' + esc(x.subject || label(x.kind)) + '</h3>' +
        '<p>' + badge(x.kind, 'kind') + ' ' + (x.verdict ? badge(x.verdict, x.verdict === 'within_policy' ? 'ok' : 'warn') : '') + ' ' + (x.total_minor != null ? '<strong>' + esc(money(x.total_minor, x.currency)) + '</strong>' : '') + '</p>' +
        '<pre>' + esc(x.body) + '</pre><div class="actions">' +
        '<button type="button" class="primary" data-act="approve" data-id="' + esc(x.id) + '"' + dis + '>Approve and send</button>' +
        '<div><label for="reason-' + esc(x.id) + '">Reason for rejecting</label><input id="reason-' + esc(x.id) + '" type="text" maxlength="500"></div>' +
        '<button type="button" class="danger" data-act="reject" data-id="' + esc(x.id) + '"' + dis + '>Reject</button></div></article>';
    }).join('') + (canSales ? '' : '<p class="hint" id="need-sales">Approving needs a key with the sales:write scope.</p>') : empty('Nothing waiting for approval.');
    $('history').innerHTML = d.history.length ? d.history.map(function (h) {
      return '<li>' + time(h.at) + ' ' + badge(h.kind, 'kind') + ' <span>' + esc(h.actor) + '</span> <span class="sum">' + esc(h.detail) + '</span></li>';
    }).join('') : '<li class="empty">No negotiation history yet.</li>';
    $('escalations').innerHTML = d.escalations.length ? '<ul>' + d.escalations.map(function (e) {
      return '<li>' + badge(e.status) + ' ' + esc(e.reason) + ' ' + time(e.created_at) + '</li>';
    }).join('') + '</ul>' : empty('No escalations.');
  }
  function wireLead() {
    $('drafts').addEventListener('click', function (ev) {
      var b = ev.target.closest ? ev.target.closest('button[data-act]') : null;
      if (!b || b.disabled) return;
      var act = b.getAttribute('data-act'), pid = b.getAttribute('data-id');
      var payload = {};
      if (act === 'reject') {
        var input = $('reason-' + pid);
        payload.reason = (input && input.value.trim()) || 'Rejected from the dashboard';
      }
      Array.prototype.forEach.call(document.querySelectorAll('#drafts button'), function (x) { x.disabled = true; });
      setStatus(act === 'approve' ? 'Approving…' : 'Rejecting…');
      post('/api/leads/' + encodeURIComponent(leadId) + '/proposals/' + encodeURIComponent(pid) + '/' + act, payload)
        .then(function () { setStatus(act === 'approve' ? 'Draft approved.' : 'Draft rejected.'); return refresh(); })
        .catch(function (e) { setStatus('Could not ' + act + ': ' + e.message, true); refresh(); });
    });
  }

  // ---------- recon ----------
  function renderRecon(d) {
    var c = d.counts;
    var cards = [['Matched', c.matched, 'PAID'], ['Partial', c.partial, 'PARTIAL'], ['Discrepancy', c.discrepancy, 'DISCREPANCY'], ['Overpaid', c.overpaid, 'warn'], ['Unpaid', c.unpaid, ''], ['Open review items', c.open_review, 'REVIEW'], ['Bank entries', c.entries, '']];
    $('recon-counts').innerHTML = cards.map(function (x) { return '<li class="card"><h3>' + esc(x[0]) + '</h3><span class="big">' + esc(x[1]) + '</span></li>'; }).join('');
    var dis = canFinance ? '' : ' disabled aria-describedby="need-finance"';
    $('discrepancies').innerHTML = d.discrepancies.length ? d.discrepancies.map(function (x) {
      return '<article class="disc" id="discrepancy-' + esc(x.id) + '" data-disc-id="' + esc(x.id) + '" aria-labelledby="disch-' + esc(x.id) + '"><h3 id="disch-' + esc(x.id) + '">' + badge(x.kind, 'DISCREPANCY') + ' ' + esc(x.wire_id ? 'Wire ' + x.wire_id : 'No wire') + '</h3>' +
        '<p>' + esc(x.reason) + '</p>' + (x.invoice_ids.length ? '<p class="hint">Invoices: ' + esc(x.invoice_ids.join(', ')) + '</p>' : '') +
        '<div class="actions"><div><label for="note-' + esc(x.id) + '">Resolution note</label><input id="note-' + esc(x.id) + '" type="text" maxlength="500"></div>' +
        '<button type="button" data-act="resolve" data-id="' + esc(x.id) + '"' + dis + '>Resolve</button></div>' + linkAction(x, dis) + '</article>';
    }).join('') + (canFinance ? '' : '<p class="hint" id="need-finance">Resolving needs a key with the finance:write scope.</p>') : empty('No open discrepancies.');
    var tbody = $('entries').querySelector('tbody');
    tbody.innerHTML = d.entries.length ? d.entries.map(function (e) {
      var real = e.links.filter(function (l) { return l.status !== 'UNMATCHED'; });
      var links = real.length ? real.map(function (l) {
        return '<span class="inv">' + (l.verified ? '<span class="check" role="img" aria-label="verified">✓</span> ' : badge(l.status)) + ' ' + esc(l.invoice_id || 'unmatched') + ' <span class="hint">' + esc(money(l.allocated_minor, l.currency)) + ' · ' + esc(l.reason) + '</span></span>';
      }).join('') : '<span class="hint">no invoice matched</span>';
      return '<tr id="bank_entry-' + esc(e.key) + '"><td class="nowrap">' + esc(e.booking_date) + '</td><td><code>' + esc(e.wire_id) + '</code></td><td>' + esc(e.sender_name || '—') + '</td>' +
        '<td class="num">' + esc(money(e.amount_minor, e.currency)) + '</td><td>' + badge(e.match_status) + '</td><td>' + links + '</td></tr>';
    }).join('') : '<tr><td colspan="6" class="empty">No bank entries yet.</td></tr>';
    var ib = $('imports').querySelector('tbody');
    ib.innerHTML = d.imports.length ? d.imports.map(function (i) {
      return '<tr id="import-' + esc(i.id) + '"><td><code>' + esc(i.id) + '</code><br>' + time(i.created_at) + '</td><td>' + esc(i.kind + ' · ' + i.format) + '</td><td>' + badge(i.status) + (i.errors ? ' ' + badge(i.errors + ' errors', 'error') : '') + '</td>' +
        '<td class="num">' + esc(i.inserted_items) + ' / ' + esc(i.total_items) + (i.duplicate_items ? ' <span class="hint">(' + esc(i.duplicate_items) + ' dup)</span>' : '') + '</td><td class="num">' + esc(i.links_written) + '</td>' +
        '<td class="num">' + esc(dur(i.latency_ms)) + '</td><td class="num">' + esc(dur(i.payment_p50_ms)) + ' / ' + esc(dur(i.payment_max_ms)) + '</td></tr>';
    }).join('') : '<tr><td colspan="7" class="empty">No imports yet.</td></tr>';
    var lb = $('ledgers').querySelector('tbody');
    lb.innerHTML = d.ledgers && d.ledgers.length ? d.ledgers.map(function (l) {
      var state = l.too_large ? badge('too large: reads D1', 'warn') : l.version === null ? badge('not loaded', 'idle') : l.stale ? badge('reloads on next payment', 'REVIEW') : badge('current', 'PAID');
      var held = l.size ? esc(l.size.invoices) + ' / ' + esc(l.size.entries) : '—';
      return '<tr id="ledger-' + esc(l.currency) + '"><td>' + esc(l.currency) + '</td><td>' + state + (l.version !== null ? ' <span class="hint">v' + esc(l.version) + '</span>' : '') + '</td>' +
        '<td class="num">' + held + '</td><td class="num">' + esc(l.ledger_runs) + ' (' + esc(l.grouped) + ')</td><td class="num">' + esc(l.loads) + ' (' + esc(l.warm_loads) + ')</td>' +
        '<td class="num">' + esc(l.conflicts) + ' / ' + esc(l.read_then_write) + ' / ' + esc(l.queued_busy) + '</td></tr>';
    }).join('') : '<tr><td colspan="6" class="empty">No invoices yet.</td></tr>';
  }
  /** The matcher's open record behind the item: link an unmatched wire to an invoice, or confirm a proposal. */
  function linkAction(x, dis) {
    var l = x.link;
    if (!l) return '';
    if (l.status === 'UNMATCHED') {
      return '<div class="actions"><div><label for="inv-' + esc(x.id) + '">Invoice to match</label><input id="inv-' + esc(x.id) + '" type="text" maxlength="100" placeholder="INV-…"></div>' +
        '<button type="button" data-act="match" data-id="' + esc(x.id) + '" data-link="' + esc(l.id) + '"' + dis + '>Match to invoice</button></div>';
    }
    return '<div class="actions"><button type="button" data-act="confirm" data-id="' + esc(x.id) + '" data-link="' + esc(l.id) + '"' + dis + '>Confirm match to ' + esc(l.invoice_id || 'invoice') + ' (' + esc(money(l.amount_minor, l.currency)) + ')</button></div>';
  }
  function wireRecon() {
    $('discrepancies').addEventListener('click', function (ev) {
      var b = ev.target.closest ? ev.target.closest('button[data-act]') : null;
      if (!b || b.disabled) return;
      var act = b.getAttribute('data-act'), id = b.getAttribute('data-id');
      var note = $('note-' + id);
      var reason = (note && note.value.trim()) || (act === 'resolve' ? 'Resolved from the dashboard' : 'Matched from the dashboard');
      var closeItem = function (ifOpen) { return post('/dashboard/api/discrepancies/' + encodeURIComponent(id) + '/resolve', { reason: reason, if_open: ifOpen === true }); };
      var work;
      if (act === 'resolve') work = closeItem();
      else {
        var payload = { action: 'match', reason: reason };
        if (act === 'match') {
          var inv = $('inv-' + id);
          payload.invoice_id = inv ? inv.value.trim() : '';
          if (!payload.invoice_id) { setStatus('Enter the invoice to match first.', true); if (inv) inv.focus(); return; }
        }
        // The finance API records the decision and re-runs matching (which may close the item itself).
        work = post('/api/finance/reconciliations/' + encodeURIComponent(b.getAttribute('data-link')) + '/resolve', payload)
          .then(function () { return closeItem(true); });
      }
      b.disabled = true;
      setStatus(act === 'resolve' ? 'Resolving…' : 'Matching…');
      work.then(function () { setStatus(act === 'resolve' ? 'Discrepancy resolved.' : 'Matched; discrepancy resolved.'); return refresh(); })
        .catch(function (e) { b.disabled = false; setStatus('Could not ' + (act === 'resolve' ? 'resolve' : 'match') + ': ' + e.message, true); });
    });
  }

  // ---------- flow ----------
  var STEP_LABEL = { ingested: 'Ingested', qualified: 'Qualified', proposal: 'Proposal', won: 'Won', invoiced: 'Invoiced', paid: 'Paid', reconciled: 'Reconciled' };
  function renderFlow(d) {
    var narrow = window.matchMedia('(max-width: 600px)').matches;
    var n = d.nodes.length, parts = [];
    var W = narrow ? 320 : 1050, H = narrow ? n * 90 : 130;
    var desc = d.nodes.map(function (x) { return STEP_LABEL[x.step] + ' ' + x.count + (x.conversion_pct != null ? ' (' + x.conversion_pct + '%)' : ''); }).join(', ');
    parts.push('<svg viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-labelledby="flow-t flow-d"><title id="flow-t">Lead-to-cash flow</title><desc id="flow-d">' + esc(desc) + '</desc>');
    parts.push('<defs><marker id="arr" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"></path></marker></defs>');
    d.nodes.forEach(function (x, i) {
      var bx = narrow ? 80 : 10 + i * 150, by = narrow ? 10 + i * 90 : 40, bw = narrow ? 160 : 115, bh = 60;
      var fill = i < 4 ? '#ddf4ff' : '#dafbe1', stroke = i < 4 ? '#0969da' : '#1a7f37';
      if (i > 0) {
        var x1 = narrow ? 160 : bx - 35, y1 = narrow ? by - 30 : by + 30, x2 = narrow ? 160 : bx - 2, y2 = narrow ? by - 2 : by + 30;
        parts.push('<line x1="' + x1 + '" y1="' + y1 + '" x2="' + x2 + '" y2="' + y2 + '" stroke="#57606a" stroke-width="2" marker-end="url(#arr)"></line>');
        var pct = x.conversion_pct == null ? '—' : x.conversion_pct + '%';
        parts.push('<text x="' + (narrow ? 170 : bx - 18) + '" y="' + (narrow ? by - 12 : by - 8) + '" font-size="13" fill="#57606a" text-anchor="' + (narrow ? 'start' : 'middle') + '" data-conv="' + esc(x.step) + '">' + esc(pct) + '</text>');
      }
      parts.push('<g data-step="' + esc(x.step) + '"><rect x="' + bx + '" y="' + by + '" width="' + bw + '" height="' + bh + '" rx="8" fill="' + fill + '" stroke="' + stroke + '" stroke-width="2"></rect>' +
        '<text x="' + (bx + bw / 2) + '" y="' + (by + 22) + '" text-anchor="middle" font-size="14" fill="#1b1f24">' + esc(STEP_LABEL[x.step] || x.step) + '</text>' +
        '<text x="' + (bx + bw / 2) + '" y="' + (by + 47) + '" text-anchor="middle" font-size="20" font-weight="700" fill="#1b1f24" class="count">' + esc(x.count) + '</text></g>');
    });
    parts.push('</svg>');
    var fig = $('flow'), cap = $('flow-cap');
    fig.innerHTML = parts.join('');
    if (cap) fig.appendChild(cap);
    $('flow-table').querySelector('tbody').innerHTML = d.nodes.map(function (x) {
      return '<tr data-step="' + esc(x.step) + '"><th scope="row">' + esc(STEP_LABEL[x.step] || x.step) + '</th><td class="num">' + esc(x.count) + '</td><td class="num">' + esc(x.conversion_pct == null ? '—' : x.conversion_pct + '%') + '</td></tr>';
    }).join('');
  }

  // ---------- render, refresh, live ----------
  function render(first) {
    if (!data) return;
    if (page === 'pipeline') renderPipeline(data, first);
    else if (page === 'lead') { renderLead(data); mergeActivity(data.activity, first); }
    else if (page === 'recon') renderRecon(data);
    else if (page === 'flow') renderFlow(data);
  }
  var inflight = null, again = false;
  function refresh() {
    if (!endpoint) return Promise.resolve();
    if (inflight) { again = true; return inflight; }
    inflight = fetch(endpoint, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) {
        if (r.status === 401) { setLive('closed', 'Signed out — sign in again'); throw new Error('signed out'); }
        if (!r.ok) throw new Error('HTTP ' + r.status);
        return r.json();
      })
      .then(function (d) { data = d; render(false); })
      .catch(function () { /* the next pushed event or reconnect tries again */ })
      .then(function () { inflight = null; if (again) { again = false; return refresh(); } });
    return inflight;
  }
  var timer = null;
  function soon() { if (!timer) timer = setTimeout(function () { timer = null; refresh(); }, 200); }

  function setLive(state, text) {
    var el = $('live-status');
    if (!el) return;
    el.setAttribute('data-state', state);
    el.textContent = text;
  }
  function relevant(msg) {
    if (msg.type !== 'activity' || !msg.activity) return msg.type !== 'hello' && msg.type !== 'subscribed';
    var a = msg.activity;
    if (page === 'lead') {
      var det = a.detail || {};
      return a.entity_id === leadId || det.lead_id === leadId;
    }
    if (page === 'recon') return a.agent === 'reconciliation' || a.entity === 'invoice' || a.entity === 'import' || a.entity === 'discrepancy';
    return true;
  }
  var attempt = 0, everOpen = false;
  function connect() {
    var ws;
    try { ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/dashboard/live'); }
    catch (e) { return retry(); }
    setLive('connecting', attempt ? 'Reconnecting…' : 'Connecting…');
    ws.onopen = function () {
      setLive('open', 'Live');
      if (everOpen || attempt) refresh(); // catch up on what happened while we were away
      everOpen = true;
      attempt = 0;
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(ev.data); } catch (e) { return; }
      if (relevant(msg)) soon();
    };
    ws.onclose = function () { retry(); };
    window.__l2cSocket = ws;
  }
  function retry() {
    attempt++;
    var delay = Math.min(30000, 500 * Math.pow(2, attempt)) * (0.75 + Math.random() * 0.5);
    setLive('closed', 'Offline — reconnecting in ' + Math.ceil(delay / 1000) + ' s');
    setTimeout(connect, delay);
  }

  if (page === 'pipeline') wirePipeline();
  if (page === 'lead') wireLead();
  if (page === 'recon') wireRecon();
  if (page === 'flow') window.matchMedia('(max-width: 600px)').addEventListener('change', function () { render(false); });
  render(true);
  if (endpoint) connect();
})();
`;
