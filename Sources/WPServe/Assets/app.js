// wp serve's page: board, graph, gates, decisions and element pages over /api/.
// Everything from a workplan file reaches the DOM through esc() or textContent;
// the server's content security policy allows no inline script.
(() => {
  'use strict';

  const meta = (name) => (document.querySelector(`meta[name="${name}"]`) || {}).content || '';
  const TOKEN = meta('wp-token');
  const READ_ONLY = meta('wp-read-only') === 'true';
  const LINK_BASE = meta('wp-link-base');
  const $ = (id) => document.getElementById(id);

  const state = {
    board: null,          // /api/board
    boardGeneration: -1,  // generation the board was loaded at
    generation: -1,       // newest generation the server announced
    refusals: new Map(),  // card ref -> refusal message (shown until dismissed or moved)
    shown: new Map(),     // lane + status -> cards shown in that cell
    graph: null,
    graphSelected: null,
    renders: 0,
  };

  // MARK: helpers

  function esc(value) {
    return String(value == null ? '' : value)
      .replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }

  async function getJSON(url) {
    const response = await fetch(url, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
    if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
    return body;
  }

  function encodePath(path) {
    return String(path).split('/').map(encodeURIComponent).join('/');
  }

  function forgeURL(repo, path, line) {
    if (!LINK_BASE || !path) return null;
    return LINK_BASE.replace(/\{repo\}/g, encodeURIComponent(repo || ''))
      .replace(/\{path\}/g, encodePath(path)).replace(/\{line\}/g, String(line || 1));
  }

  function elementHref(ref) {
    return `#/element/${encodeURIComponent(ref)}`;
  }

  function elementLink(text, ref) {
    return `<a class="elink" href="${esc(elementHref(ref || text))}">${esc(text)}</a>`;
  }

  function forgeLink(text, repo, path, line, cls) {
    const url = forgeURL(repo, path, line);
    const klass = cls ? ` class="${cls}"` : '';
    if (!url) return `<span${klass}>${esc(text)}</span>`;
    return `<a${klass} href="${esc(url)}" target="_blank" rel="noopener noreferrer" title="open on the forge">${esc(text)}</a>`;
  }

  function roleClass(roles) {
    for (const role of ['active', 'waiting', 'complete']) if (roles.includes(role)) return `role-${role}`;
    return '';
  }

  function preserveScroll(render) {
    const x = window.scrollX, y = window.scrollY;
    const board = document.querySelector('.board');
    const left = board ? board.scrollLeft : 0;
    render();
    const again = document.querySelector('.board');
    if (again) again.scrollLeft = left;
    window.scrollTo(x, y);
  }

  function showProblem(text) {
    const box = $('problem');
    box.textContent = text || '';
    box.hidden = !text;
  }

  // MARK: routing

  function currentRoute() {
    const hash = location.hash.replace(/^#\/?/, '');
    if (hash.startsWith('element/')) return { name: 'element', ref: decodeURIComponent(hash.slice(8)) };
    const name = ['board', 'graph', 'gates', 'decisions'].includes(hash) ? hash : 'board';
    return { name };
  }

  async function route() {
    const current = currentRoute();
    for (const name of ['board', 'graph', 'gates', 'decisions']) {
      $(`nav-${name}`).classList.toggle('current', current.name === name);
    }
    $('filters').hidden = !(current.name === 'board' || current.name === 'graph');
    for (const id of ['filter-owner', 'filter-text', 'lanes', 'filter-blocked']) {
      $(id).closest('label').hidden = current.name !== 'board';
    }
    try {
      if (current.name === 'board') await loadBoard(true);
      else if (current.name === 'graph') await loadGraph();
      else if (current.name === 'gates') await loadGates();
      else if (current.name === 'decisions') await loadDecisions();
      else if (current.name === 'element') await loadElement(current.ref);
    } catch (error) {
      $('view').innerHTML = `<div class="panel"><h3>Could not load</h3><pre>${esc(error.message)}</pre></div>`;
    }
  }

  /// The server says the workspace changed: reload what is on screen, keeping scroll and filters.
  async function refreshView() {
    const current = currentRoute();
    try {
      if (current.name === 'board') await loadBoard(false);
      else if (current.name === 'graph') await loadGraph(true);
      else if (current.name === 'gates') await preserveAsync(loadGates);
      else if (current.name === 'decisions') await preserveAsync(loadDecisions);
      else if (current.name === 'element') await preserveAsync(() => loadElement(current.ref));
    } catch (error) {
      showProblem(error.message);
    }
  }

  async function preserveAsync(load) {
    const x = window.scrollX, y = window.scrollY;
    await load();
    window.scrollTo(x, y);
  }

  // MARK: board

  async function loadBoard(fresh) {
    if (fresh || !state.board || state.boardGeneration !== state.generation) {
      const generation = state.generation;
      state.board = await getJSON('/api/board');
      state.boardGeneration = generation;
    }
    fillFilters();
    if (currentRoute().name === 'board') preserveScroll(renderBoard);
  }

  function fillSelect(select, values, labels) {
    const kept = select.value;
    const options = ['<option value="">all</option>'];
    values.forEach((value, index) => {
      options.push(`<option value="${esc(value)}">${esc(labels ? labels[index] : value)}</option>`);
    });
    select.innerHTML = options.join('');
    select.value = values.includes(kept) ? kept : '';
  }

  function fillFilters() {
    const board = state.board;
    if (!board) return;
    const repo = $('filter-repo').value;
    fillSelect($('filter-repo'), board.repos);
    const workplans = board.workplans.filter((w) => !repo || w.repo === repo);
    fillSelect($('filter-workplan'), workplans.map((w) => w.id), workplans.map((w) => `${w.id} — ${w.title}`));
    const owners = [...new Set(board.cards.map((c) => c.owner).filter(Boolean))].sort();
    fillSelect($('filter-owner'), owners);
  }

  function filters() {
    return {
      repo: $('filter-repo').value,
      workplan: $('filter-workplan').value,
      owner: $('filter-owner').value,
      text: $('filter-text').value.trim().toLowerCase(),
      blocked: $('filter-blocked').checked,
      lanes: $('lanes').value,
    };
  }

  function matches(card, f) {
    if (f.repo && card.repo !== f.repo) return false;
    if (f.workplan && card.workplan !== f.workplan) return false;
    if (f.owner && card.owner !== f.owner) return false;
    if (f.blocked && !card.blocked) return false;
    if (f.text) {
      const haystack = [card.id, card.title, card.owner, card.repo, card.workplan, card.status, card.priority, card.reason]
        .filter(Boolean).join(' ').toLowerCase();
      if (!haystack.includes(f.text)) return false;
    }
    return true;
  }

  function renderBoard() {
    const board = state.board;
    const f = filters();
    const columns = board.columns;
    const columnIndex = new Map(columns.map((c, i) => [c.status, i]));
    const cards = board.cards.filter((card) => matches(card, f));
    const laneKey = f.lanes === 'repo' ? (c) => c.repo : f.lanes === 'workplan' ? (c) => c.workplan : () => '';
    const laneOrder = f.lanes === 'repo' ? board.repos : f.lanes === 'workplan' ? board.workplans.map((w) => w.id) : [''];
    const workplanTitles = new Map(board.workplans.map((w) => [w.id, w.title]));
    const lanes = new Map(laneOrder.map((key) => [key, columns.map(() => [])]));
    const perColumn = columns.map(() => 0);
    for (const card of cards) {
      const key = laneKey(card);
      if (!lanes.has(key)) lanes.set(key, columns.map(() => []));
      const column = columnIndex.get(card.status);
      if (column === undefined) continue;
      lanes.get(key)[column].push(card);
      perColumn[column] += 1;
    }
    const html = [];
    html.push('<div class="row heads">');
    columns.forEach((column, index) => {
      const klass = column.known ? roleClass(column.roles) : 'unknown';
      const title = column.known ? `roles: ${column.roles.join(', ') || 'none'}; moves to: ${column.moves.join(', ') || 'nothing'}`
        : 'a status the lifecycle does not know (wp lint reports it)';
      html.push(`<div class="col-head ${klass}" data-status="${esc(column.status)}" title="${esc(title)}"><span>${esc(column.status)}</span><span>${perColumn[index]}</span></div>`);
    });
    html.push('</div>');
    for (const [key, cells] of lanes) {
      const total = cells.reduce((sum, cell) => sum + cell.length, 0);
      if (total === 0) continue;
      html.push(`<section class="lane" data-lane="${esc(key)}">`);
      if (f.lanes !== 'none') {
        const label = f.lanes === 'workplan' ? `${elementLink(key, key)}<small>${esc(workplanTitles.get(key) || '')}</small>`
          : `${esc(key)}<small>${total} tasks</small>`;
        html.push(`<div class="lane-title">${label}</div>`);
      }
      html.push('<div class="row">');
      cells.forEach((cell, index) => {
        const status = columns[index].status;
        const cellKey = `${key}\u0000${status}`;
        const limit = state.shown.get(cellKey) || board.cardsShownPerCell;
        html.push(`<div class="cell" data-status="${esc(status)}" data-lane="${esc(key)}">`);
        for (const card of cell.slice(0, limit)) html.push(cardHTML(card, columns[index]));
        if (cell.length > limit) {
          html.push(`<button class="more" data-cell="${esc(cellKey)}">show ${cell.length - limit} more</button>`);
        }
        html.push('</div>');
      });
      html.push('</div></section>');
    }
    if (cards.length === 0) html.push('<p class="muted">No task matches the filters.</p>');
    let container = document.querySelector('#view > .board');
    if (!container) {
      $('view').innerHTML = '<div class="board"></div>';
      container = document.querySelector('#view > .board');
    }
    container.innerHTML = html.join('');
    $('count').textContent = `${cards.length} of ${board.cards.length} tasks`;
    showProblem(board.problems.length ? `Reading problems:\n${board.problems.join('\n')}` : '');
    state.renders += 1;
    document.body.dataset.renders = String(state.renders);
    document.body.dataset.generation = String(state.boardGeneration);
  }

  function cardHTML(card, column) {
    const classes = ['card', roleClass(column.roles)];
    if (card.blocked) classes.push('blocked');
    const meta = [];
    if (card.owner) meta.push(`<span class="owner">${esc(card.owner)}</span>`);
    if (card.priority) meta.push(`<span class="badge prio-${esc(card.priority)}">${esc(card.priority)}</span>`);
    if (card.blocked) meta.push('<span class="badge blocked">blocked</span>');
    meta.push(`<span class="wp">${esc(card.workplan)}</span>`);
    const parts = [
      `<div class="${classes.join(' ')}" data-ref="${esc(card.ref)}" data-id="${esc(card.id)}" data-status="${esc(card.status)}">`,
      `<div class="id">${forgeLink(card.id, card.repo, card.path, card.line)}</div>`,
      `<a class="title" href="${esc(elementHref(card.ref))}">${esc(card.title)}</a>`,
      `<div class="meta">${meta.join(' ')}</div>`,
    ];
    if (card.roots.length || card.reason) {
      const roots = card.roots.map((root) => {
        const name = root.ref ? elementLink(root.id, root.ref) : esc(root.id);
        const chain = root.chain.length > 1 ? ` title="${esc(root.chain.join(' → '))}"` : '';
        return `<span class="root"${chain}>${name} (${esc(root.reason)})</span>`;
      });
      if (card.omittedRoots) roots.push(`… ${card.omittedRoots} more`);
      const reason = card.reason ? ` <span class="reason">${esc(card.reason)}</span>` : '';
      parts.push(`<div class="roots">${roots.length ? 'root cause: ' + roots.join(', ') : 'waits'}${reason}</div>`);
    }
    if (card.decisions.length) {
      const decisions = card.decisions.map((d) => `${elementLink(d.id, d.ref)} (${esc(d.status)})`);
      parts.push(`<div class="decisions">decision: ${decisions.join(', ')}</div>`);
    }
    const refusal = state.refusals.get(card.ref);
    if (refusal) parts.push(`<div class="refusal" role="alert"><button class="dismiss" data-ref="${esc(card.ref)}">×</button>${esc(refusal)}</div>`);
    parts.push('</div>');
    return parts.join('');
  }

  // MARK: moving cards (pointer events, so mouse, pen, touch and WebDriver all drag)

  let drag = null;
  let suppressClick = false;

  function startDrag(event) {
    if (READ_ONLY || event.button !== 0 || currentRoute().name !== 'board') return;
    const card = event.target.closest('.card');
    if (!card || event.target.closest('button, .refusal')) return;
    drag = { card, x: event.clientX, y: event.clientY, started: false, ghost: null };
  }

  function moveDrag(event) {
    if (!drag) return;
    if (!drag.started) {
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < 6) return;
      drag.started = true;
      drag.ghost = drag.card.cloneNode(true);
      drag.ghost.classList.add('ghost');
      document.body.appendChild(drag.ghost);
      drag.card.classList.add('dragging');
      const column = state.board.columns.find((c) => c.status === drag.card.dataset.status);
      const legal = new Set(column ? column.moves : []);
      for (const cell of document.querySelectorAll('.cell')) {
        if (cell.dataset.status === drag.card.dataset.status) continue;
        cell.classList.add(legal.has(cell.dataset.status) ? 'drop-ok' : 'drop-no');
      }
    }
    drag.ghost.style.left = `${event.clientX + 8}px`;
    drag.ghost.style.top = `${event.clientY + 8}px`;
    event.preventDefault();
  }

  function endDrag(event) {
    if (!drag) return;
    const current = drag;
    drag = null;
    if (!current.started) return;
    // The pointer went up over whatever the card was picked up by: that is no click.
    suppressClick = true;
    setTimeout(() => { suppressClick = false; }, 0);
    current.ghost.remove();
    current.card.classList.remove('dragging');
    for (const cell of document.querySelectorAll('.cell')) cell.classList.remove('drop-ok', 'drop-no');
    const target = document.elementFromPoint(event.clientX, event.clientY);
    const cell = target && target.closest('.cell');
    if (!cell || cell.dataset.status === current.card.dataset.status) return;
    moveCard(current.card.dataset.ref, current.card.dataset.status, cell.dataset.status, current.card);
  }

  async function moveCard(ref, from, to, element) {
    if (element) element.classList.add('pending');
    let message = null;
    try {
      const response = await fetch('/api/move', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-WP-Token': TOKEN },
        body: JSON.stringify({ id: ref, status: to, from }),
      });
      const body = await response.json().catch(() => ({ error: `HTTP ${response.status}` }));
      if (!response.ok) message = body.error || `HTTP ${response.status}`;
    } catch (error) {
      message = `could not reach wp serve: ${error.message}`;
    }
    if (message) state.refusals.set(ref, message);
    else state.refusals.delete(ref);
    await loadBoard(true);
  }

  // MARK: graph

  async function loadGraph(keepView) {
    const params = new URLSearchParams();
    if ($('filter-repo').value) params.set('repo', $('filter-repo').value);
    if ($('filter-workplan').value) params.set('workplan', $('filter-workplan').value);
    if (!state.board) {
      state.board = await getJSON('/api/board');
      state.boardGeneration = state.generation;
      fillFilters();
    }
    const graph = await getJSON(`/api/graph?${params}`);
    const previous = keepView && state.graph ? state.graph.transform : null;
    state.graph = { data: graph, transform: previous || { x: 0, y: 0, scale: 1 } };
    renderGraph(!previous);
  }

  function renderGraph(fit) {
    const { data } = state.graph;
    const html = ['<div class="graph-tools">'];
    html.push(`<span>${data.total} open element${data.total === 1 ? '' : 's'}</span>`);
    html.push('<button id="zoom-in">+</button><button id="zoom-out">−</button><button id="zoom-fit">fit</button>');
    html.push('<span class="muted">drag to pan, wheel to zoom, click a node for its detail</span></div>');
    html.push('<div class="graph-box" id="graph-box">');
    if (!data.svg) html.push(`<p class="muted" id="graph-message">${esc(data.message || 'nothing to draw')}</p>`);
    html.push('<div class="detail" id="graph-detail" hidden></div></div>');
    $('view').innerHTML = html.join('');
    const box = $('graph-box');
    if (data.svg) {
      const parsed = new DOMParser().parseFromString(data.svg, 'image/svg+xml');
      const svg = parsed.documentElement;
      if (svg && svg.nodeName === 'svg') {
        for (const script of svg.querySelectorAll('script, foreignObject')) script.remove();
        box.insertBefore(document.importNode(svg, true), box.firstChild);
      }
    }
    if (fit) fitGraph();
    applyTransform();
    if (state.graphSelected) selectNode(state.graphSelected, false);
    $('zoom-in').onclick = () => zoom(1.25);
    $('zoom-out').onclick = () => zoom(0.8);
    $('zoom-fit').onclick = () => { fitGraph(); applyTransform(); };
    wirePanZoom(box);
  }

  function fitGraph() {
    const box = $('graph-box');
    const svg = box && box.querySelector('svg');
    if (!svg) return;
    const width = svg.width.baseVal.value || 1, height = svg.height.baseVal.value || 1;
    const scale = Math.min(box.clientWidth / width, box.clientHeight / height, 1.5);
    state.graph.transform = { x: (box.clientWidth - width * scale) / 2, y: 10, scale };
  }

  function applyTransform() {
    const svg = document.querySelector('#graph-box svg');
    if (!svg) return;
    const t = state.graph.transform;
    svg.style.transform = `translate(${t.x}px, ${t.y}px) scale(${t.scale})`;
  }

  function zoom(factor, cx, cy) {
    const box = $('graph-box');
    const t = state.graph.transform;
    const x = cx === undefined ? box.clientWidth / 2 : cx, y = cy === undefined ? box.clientHeight / 2 : cy;
    const scale = Math.min(Math.max(t.scale * factor, 0.05), 8);
    t.x = x - (x - t.x) * (scale / t.scale);
    t.y = y - (y - t.y) * (scale / t.scale);
    t.scale = scale;
    applyTransform();
  }

  function wirePanZoom(box) {
    let pan = null;
    box.addEventListener('wheel', (event) => {
      event.preventDefault();
      const rect = box.getBoundingClientRect();
      zoom(event.deltaY < 0 ? 1.15 : 1 / 1.15, event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    box.addEventListener('pointerdown', (event) => {
      if (event.target.closest('.detail')) return;
      pan = { x: event.clientX, y: event.clientY, moved: false, node: event.target.closest('g.node') };
    });
    box.addEventListener('pointermove', (event) => {
      if (!pan) return;
      const dx = event.clientX - pan.x, dy = event.clientY - pan.y;
      if (!pan.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      pan.moved = true;
      state.graph.transform.x += dx;
      state.graph.transform.y += dy;
      pan.x = event.clientX;
      pan.y = event.clientY;
      applyTransform();
    });
    box.addEventListener('pointerup', () => {
      if (pan && !pan.moved && pan.node) {
        const name = (pan.node.querySelector('title') || {}).textContent;
        if (name) selectNode(name, true);
      }
      pan = null;
    });
  }

  async function selectNode(name, load) {
    const node = state.graph.data.nodes[name];
    if (!node) return;
    state.graphSelected = name;
    for (const g of document.querySelectorAll('#graph-box g.node')) {
      g.classList.toggle('selected', (g.querySelector('title') || {}).textContent === name);
    }
    if (!load) return;
    const box = $('graph-detail');
    box.hidden = false;
    box.innerHTML = '<p class="muted">loading…</p>';
    try {
      const [detail, impact] = await Promise.all([
        getJSON(`/api/show?id=${encodeURIComponent(node.ref)}`),
        getJSON(`/api/impact?id=${encodeURIComponent(node.ref)}`),
      ]);
      box.innerHTML = `<button class="dismiss" id="detail-close">×</button>${elementHTML(detail, impact, node.ref)}`;
      $('detail-close').onclick = () => { box.hidden = true; };
    } catch (error) {
      box.innerHTML = `<pre>${esc(error.message)}</pre>`;
    }
  }

  // MARK: element page (wp show + wp impact)

  async function loadElement(ref) {
    const [detail, impact] = await Promise.all([
      getJSON(`/api/show?id=${encodeURIComponent(ref)}`),
      getJSON(`/api/impact?id=${encodeURIComponent(ref)}`),
    ]);
    $('view').innerHTML = `<div class="panel element" id="element">${elementHTML(detail, impact, ref)}</div>`;
  }

  function linkList(links) {
    if (!links.length) return '<span class="muted">nothing</span>';
    return links.map((link) => {
      const name = link.id ? elementLink(link.ref, link.repo ? `${link.repo}:${link.id}` : link.id) : esc(link.ref);
      const status = link.status ? ` ${esc(link.status)}` : '';
      const problem = link.problem ? ` <span class="result-fail">(${esc(link.problem)})</span>` : '';
      return `<li>${name}${status} <span class="muted">${esc(link.via)}${link.complete ? ', complete' : ''}</span>${problem}</li>`;
    }).join('');
  }

  function elementHTML(detail, impact, ref) {
    const html = [];
    const where = forgeLink(`${detail.path}:${detail.line}`, detail.repo, detail.path, detail.line);
    html.push(`<h3><span class="id">${esc(detail.kind)}</span> ${esc(detail.id)}</h3>`);
    html.push(`<div>${esc(detail.title)}</div>`);
    const status = detail.status ? `<b>${esc(detail.status)}</b>` : '';
    const blocked = detail.blocked ? ' <span class="badge blocked">blocked</span>' : '';
    const progress = detail.progress ? ` · ${detail.progress.complete}/${detail.progress.total} tasks complete` : '';
    html.push(`<p>${status}${blocked}${progress} · ${esc(detail.repo)} · ${where}${detail.workplan ? ' · in ' + elementLink(detail.workplan, detail.workplan) : ''}</p>`);
    if (detail.doneWhen) html.push(`<p><b>Done when:</b> ${esc(detail.doneWhen)}</p>`);
    if (detail.fields.length) {
      html.push('<table class="fields">');
      for (const field of detail.fields) html.push(`<tr><td>${esc(field.key)}</td><td>${esc(field.value)}</td></tr>`);
      html.push('</table>');
    }
    html.push(`<h4>Depends on</h4><ul>${linkList(detail.dependsOn)}</ul>`);
    html.push(`<h4>Depended on by</h4><ul>${linkList(detail.dependents)}</ul>`);
    html.push(`<h4>Completing it unblocks (wp impact)</h4>`);
    if (!impact.items.length) {
      html.push('<p class="muted">nothing waits on it</p>');
    } else {
      html.push('<ul>');
      for (const repo of impact.repos) {
        const items = impact.items.filter((item) => item.repo === repo);
        html.push(`<li>${esc(repo)}: ${items.map((item) => `${elementLink(item.id, `${item.repo}:${item.id}`)}${item.unblockedDirectly ? ' <b>(at once)</b>' : ''}`).join(', ')}</li>`);
      }
      html.push('</ul>');
    }
    if (impact.criticalPath.length > 1) {
      html.push(`<p>Critical path: ${impact.criticalPath.map((id) => elementLink(id, id)).join(' → ')}</p>`);
    }
    return html.join('');
  }

  // MARK: gates

  async function loadGates() {
    const panel = await getJSON('/api/gate-panel');
    const html = [`<p class="muted">Gates as of ${esc(panel.today)} (UTC); each result is live.</p>`];
    if (!panel.gates.length) html.push('<p class="muted">No gates in this workspace.</p>');
    panel.gates.forEach((entry, index) => {
      const gate = entry.gate;
      const ref = `${gate.repo}:${gate.id}`;
      html.push(`<div class="panel gate" id="gate-${index}" data-gate="${esc(ref)}">`);
      html.push(`<h3><span class="result-${esc(gate.result)}">${esc(gate.result)}</span> ${elementLink(gate.id, ref)} <small class="muted">${esc(gate.title || '')}</small></h3>`);
      html.push(`<div class="muted">${forgeLink(`${gate.path}:${gate.line}`, gate.repo, gate.path, gate.line)}</div>`);
      if (gate.error) html.push(`<p class="result-error">${esc(gate.error)}</p>`);
      const expiries = new Map(entry.expiries.map((e) => [e.line, e]));
      for (const requirement of gate.requirements) {
        const mark = requirement.met ? '✓' : (requirement.undecided ? '?' : '✗');
        const target = requirement.id ? elementLink(requirement.ref, requirement.gate || requirement.id) : esc(requirement.ref);
        html.push(`<div class="req ${requirement.met ? 'met' : 'unmet'}">${mark} ${target} <span class="why">— ${esc(requirement.reason)}</span></div>`);
        if (!requirement.met && requirement.chain.length > 1) {
          html.push(`<div class="req muted">chain: ${requirement.chain.map((id) => esc(id)).join(' → ')}</div>`);
        }
        const expiry = expiries.get(requirement.line);
        if (expiry) {
          const left = expiry.daysLeft === 0 ? 'today' : `in ${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'}`;
          html.push(`<div class="expiry">evidence ${esc(expiry.evidence)} (${esc(expiry.task)}, ${esc(expiry.recorded)}) expires ${esc(expiry.expires)}, ${left}</div>`);
        }
      }
      html.push('</div>');
    });
    $('view').innerHTML = html.join('');
  }

  // MARK: decisions

  async function loadDecisions() {
    const list = await getJSON('/api/decisions');
    const html = [];
    if (!list.decisions.length) html.push('<p class="muted">No decisions in this workspace.</p>');
    for (const decision of list.decisions) {
      html.push(`<div class="panel decision ${decision.pending ? 'pending-first' : ''}" data-ref="${esc(decision.ref)}">`);
      html.push(`<h3>${elementLink(decision.id, decision.ref)} <small>${esc(decision.status)}</small></h3>`);
      html.push(`<div>${esc(decision.title)} <span class="muted">· ${esc(decision.workplan)} · ${forgeLink(`${decision.path}:${decision.line}`, decision.repo, decision.path, decision.line)}</span></div>`);
      if (decision.blocks.length) {
        const blocks = decision.blocks.map((b) => b.id ? `${elementLink(b.id, b.repo ? `${b.repo}:${b.id}` : b.id)} (${esc(b.status || b.kind)})` : `${esc(b.ref)} (${esc(b.problem)})`);
        html.push(`<div>${decision.pending ? 'blocks' : 'blocked'}: ${blocks.join(', ')}</div>`);
      }
      if (decision.resolution) html.push(`<div class="muted">Resolution${decision.decidedOn ? ' (' + esc(decision.decidedOn) + (decision.decidedBy ? ', ' + esc(decision.decidedBy) : '') + ')' : ''}: ${esc(decision.resolution)}</div>`);
      html.push('</div>');
    }
    $('view').innerHTML = html.join('');
  }

  // MARK: live updates

  function connect() {
    const live = $('live');
    const source = new EventSource('/api/events');
    const changed = (data) => {
      state.generation = data.generation;
      live.textContent = `live · updated ${new Date().toLocaleTimeString()}`;
      refreshView();
    };
    source.addEventListener('hello', (event) => {
      live.className = 'live on';
      live.textContent = 'live';
      const data = JSON.parse(event.data);
      showProblem(data.problem || '');
      if (state.generation !== -1 && data.generation !== state.generation) changed(data);
      else state.generation = data.generation;
    });
    source.addEventListener('change', (event) => changed(JSON.parse(event.data)));
    source.addEventListener('problem', (event) => {
      const data = JSON.parse(event.data);
      showProblem(data.problem ? `The workspace cannot be read now; showing the last good state.\n${data.problem}` : '');
    });
    source.onerror = () => {
      live.className = 'live off';
      live.textContent = 'reconnecting…';
    };
  }

  // MARK: wiring

  function wire() {
    $('mode').textContent = READ_ONLY ? 'read-only' : '';
    window.addEventListener('hashchange', route);
    const rerender = () => {
      const name = currentRoute().name;
      if (name === 'board' && state.board) preserveScroll(renderBoard);
      if (name === 'graph') loadGraph(false).catch((error) => showProblem(error.message));
    };
    $('filter-repo').addEventListener('change', () => { fillFilters(); rerender(); });
    $('filter-workplan').addEventListener('change', rerender);
    for (const id of ['filter-owner', 'lanes', 'filter-blocked']) $(id).addEventListener('change', rerender);
    $('filter-text').addEventListener('input', rerender);
    const view = $('view');
    view.addEventListener('click', (event) => {
      if (suppressClick) { event.preventDefault(); event.stopPropagation(); }
    }, true);
    // Links in cards are not dragged as links: the card is.
    view.addEventListener('dragstart', (event) => { if (event.target.closest && event.target.closest('.card')) event.preventDefault(); });
    view.addEventListener('pointerdown', startDrag);
    document.addEventListener('pointermove', moveDrag);
    document.addEventListener('pointerup', endDrag);
    view.addEventListener('click', (event) => {
      const more = event.target.closest('button.more');
      if (more) {
        const key = more.dataset.cell;
        state.shown.set(key, (state.shown.get(key) || state.board.cardsShownPerCell) + state.board.cardsShownPerCell);
        preserveScroll(renderBoard);
        return;
      }
      const dismiss = event.target.closest('.refusal button.dismiss');
      if (dismiss) {
        state.refusals.delete(dismiss.dataset.ref);
        preserveScroll(renderBoard);
      }
    });
    connect();
    route();
  }

  wire();
})();
