// Warmpool's browser client: edit files, pack them as a .tgz here in the page, send them over the
// WebSocket (docs/protocol.md), show the traffic light. No libraries, no build step.
'use strict';

const MAX_TGZ_BYTES = 2 * 1024 * 1024;
const DOCKER_RETRIES = 5; // times a submission goes again by itself while Docker does not answer
const params = new URLSearchParams(location.search);
const token = params.get('token');
const $ = id => document.getElementById(id);

const state = {
  wsPort: null,
  maxSeconds: 10,
  image: null,
  files: new Map(),   // name -> text, for the chosen image
  current: null,      // the file in the editor
  socket: null,
  backoff: 1000,
  reconnectTimer: null,
  pending: new Map(), // id -> {started, label, cancelling}
  seq: 0,
  retryUntil: 0,
};

// ---- small helpers ------------------------------------------------------------------------------

function withToken(path) {
  const url = new URL(path, location.href);
  if (token) url.searchParams.set('token', token);
  return url;
}

async function api(path) {
  const response = await fetch(withToken(path), { cache: 'no-store' });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(body.message || body.exception?.message || `HTTP ${response.status}`);
  return body;
}

function notice(text, kind) {
  const box = $('notice');
  box.textContent = text || '';
  box.hidden = !text;
  box.classList.toggle('error', kind === 'error');
}

function storageKey(image) { return 'warmpool.files.' + image; }

// The participant's name: asked for once, kept in this browser, sent with every submission (the
// facilitator's room groups lights by it). Empty is allowed: those runs are "anonymous".
const NAME_KEY = 'warmpool.participant';

function participant() {
  return $('participant').value.trim().slice(0, 64);
}

function askName() {
  let saved = null;
  try { saved = localStorage.getItem(NAME_KEY); } catch (e) { saved = null; }
  $('participant').value = saved || '';
  if (saved === null) {
    // never asked in this browser: ask now, once (leaving it empty and moving on is an answer too)
    $('participant').classList.add('asking');
    $('name-hint').hidden = false;
    $('participant').focus();
  }
  const keep = () => {
    $('participant').classList.remove('asking');
    $('name-hint').hidden = true;
    try { localStorage.setItem(NAME_KEY, participant()); } catch (e) { /* private mode: asked again next time */ }
  };
  $('participant').addEventListener('change', keep);
  $('participant').addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); keep(); $('content').focus(); } });
}

function header(id) {
  const h = { id, image: state.image, max_seconds: state.maxSeconds, files_back: false, stream: true };
  const name = participant();
  if (name) h.participant = name;
  return h;
}

function save() {
  try {
    localStorage.setItem(storageKey(state.image), JSON.stringify([...state.files]));
  } catch (e) { /* private mode or full: edits stay in the page */ }
}

function validName(name, except) {
  if (!name) return 'A file needs a name.';
  if (name.startsWith('/') || name.split('/').some(part => part === '..' || part === '.' || part === '')) {
    return `"${name}" is not a relative path inside the submission.`;
  }
  if (new TextEncoder().encode(name).length > 255) return 'File names are at most 255 bytes.';
  if (name !== except && state.files.has(name)) return `There is already a file called ${name}.`;
  return null;
}

// ---- files and editor ---------------------------------------------------------------------------

function sortedNames() {
  return [...state.files.keys()].sort((a, b) =>
    a === 'cyber-dojo.sh' ? -1 : b === 'cyber-dojo.sh' ? 1 : a.localeCompare(b));
}

function renderFiles() {
  const list = $('file-list');
  list.replaceChildren();
  for (const name of sortedNames()) {
    const item = document.createElement('li');
    item.textContent = name;
    item.setAttribute('role', 'option');
    item.tabIndex = 0;
    item.dataset.name = name;
    item.setAttribute('aria-selected', String(name === state.current));
    item.addEventListener('click', () => select(name));
    item.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); select(name); } });
    list.append(item);
  }
  $('file-name').textContent = state.current || '';
  $('content').disabled = state.current === null;
  $('content').value = state.current === null ? '' : state.files.get(state.current);
}

function select(name) {
  state.current = name;
  renderFiles();
}

async function loadImage(image, fresh) {
  state.image = image;
  try { localStorage.setItem('warmpool.image', image); } catch (e) { /* ignore */ }
  let saved = null;
  try { saved = fresh ? null : JSON.parse(localStorage.getItem(storageKey(image)) || 'null'); } catch (e) { saved = null; }
  if (saved && saved.length) {
    state.files = new Map(saved);
  } else {
    try {
      const start = await api('api/start-point?image=' + encodeURIComponent(image));
      state.files = new Map(Object.entries(start.files));
      if (start.note) notice(start.note);
    } catch (e) {
      notice(`Could not load the start point for ${image}: ${e.message}`, 'error');
      state.files = new Map([['cyber-dojo.sh', 'echo hello\n']]);
    }
    save();
  }
  state.current = state.files.has('cyber-dojo.sh') && state.files.size === 1 ? 'cyber-dojo.sh'
    : sortedNames().find(n => n !== 'cyber-dojo.sh') || sortedNames()[0] || null;
  renderFiles();
}

function addFile() {
  const name = (prompt('New file name (e.g. test_more.py):') || '').trim();
  if (!name) return;
  const problem = validName(name);
  if (problem) { notice(problem, 'error'); return; }
  state.files.set(name, '');
  save();
  select(name);
  $('content').focus();
}

function renameFile() {
  if (state.current === null) return;
  const name = (prompt('Rename ' + state.current + ' to:', state.current) || '').trim();
  if (!name || name === state.current) return;
  const problem = validName(name, state.current);
  if (problem) { notice(problem, 'error'); return; }
  const text = state.files.get(state.current);
  state.files.delete(state.current);
  state.files.set(name, text);
  save();
  select(name);
}

function removeFile() {
  if (state.current === null) return;
  if (!confirm('Delete ' + state.current + '?')) return;
  state.files.delete(state.current);
  save();
  state.current = sortedNames()[0] || null;
  renderFiles();
}

// ---- packing: ustar in the page, gzip by the browser --------------------------------------------

function octal(buffer, offset, length, value) {
  const text = value.toString(8).padStart(length - 1, '0');
  for (let i = 0; i < length - 1; i++) buffer[offset + i] = text.charCodeAt(i);
  buffer[offset + length - 1] = 0;
}

function ascii(buffer, offset, text) {
  for (let i = 0; i < text.length; i++) buffer[offset + i] = text.charCodeAt(i);
}

function tarHeader(name, size, mode) {
  const header = new Uint8Array(512);
  const encoder = new TextEncoder();
  let nameBytes = encoder.encode(name);
  let prefixBytes = new Uint8Array(0);
  if (nameBytes.length > 100) {
    // ustar: split the path at a slash into a prefix (155 bytes) and a name (100 bytes)
    const parts = name.split('/');
    for (let i = parts.length - 1; i > 0; i--) {
      const prefix = encoder.encode(parts.slice(0, i).join('/'));
      const rest = encoder.encode(parts.slice(i).join('/'));
      if (prefix.length <= 155 && rest.length <= 100) { prefixBytes = prefix; nameBytes = rest; break; }
    }
    if (nameBytes.length > 100) throw new Error(`The path ${name} is too long to pack.`);
  }
  header.set(nameBytes, 0);
  octal(header, 100, 8, mode);
  octal(header, 108, 8, 0);
  octal(header, 116, 8, 0);
  octal(header, 124, 12, size);
  octal(header, 136, 12, Math.floor(Date.now() / 1000));
  header.fill(32, 148, 156);          // the checksum counts itself as spaces
  header[156] = '0'.charCodeAt(0);    // a regular file
  ascii(header, 257, 'ustar');
  ascii(header, 263, '00');
  header.set(prefixBytes, 345);
  const sum = header.reduce((a, b) => a + b, 0);
  const text = sum.toString(8).padStart(6, '0');
  ascii(header, 148, text);
  header[154] = 0;
  header[155] = 32;
  return header;
}

function tar(files) {
  const encoder = new TextEncoder();
  const chunks = [];
  let total = 0;
  for (const [name, text] of files) {
    const data = encoder.encode(text);
    const header = tarHeader(name, data.length, name.endsWith('.sh') ? 0o755 : 0o644);
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    chunks.push(header, padded);
    total += 512 + padded.length;
  }
  chunks.push(new Uint8Array(1024));  // two empty blocks end the archive
  total += 1024;
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) { out.set(chunk, at); at += chunk.length; }
  return out;
}

async function gzip(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

function submission(header, tgz) {
  const head = new TextEncoder().encode(JSON.stringify(header));
  const message = new Uint8Array(4 + head.length + tgz.length);
  new DataView(message.buffer).setUint32(0, head.length);  // big-endian
  message.set(head, 4);
  message.set(tgz, 4 + head.length);
  return message;
}

// ---- the connection -----------------------------------------------------------------------------

function connectionState(text, kind) {
  const el = $('connection');
  el.textContent = text;
  el.className = 'connection ' + (kind || '');
}

function connect() {
  clearTimeout(state.reconnectTimer);
  const url = new URL(`ws://${location.hostname}:${state.wsPort}/`);
  if (token) url.searchParams.set('token', token);
  let socket;
  try {
    socket = new WebSocket(url);
  } catch (e) {
    connectionState('cannot connect: ' + e.message, 'lost');
    return;
  }
  socket.binaryType = 'arraybuffer';
  state.socket = socket;
  connectionState('connecting…');
  socket.addEventListener('open', () => {
    state.backoff = 1000;
    connectionState('connected', 'open');
    notice('');
    updateTestButton();
  });
  socket.addEventListener('message', e => {
    let reply;
    try { reply = JSON.parse(e.data); } catch (err) { return; }
    onReply(reply);
  });
  socket.addEventListener('close', e => {
    if (state.socket !== socket) return;
    state.socket = null;
    for (const [id, p] of state.pending) {
      show({ type: 'error', id, code: 'connection_lost', message: 'The connection was lost before the reply; press Test again.' }, p);
    }
    state.pending.clear();
    const seconds = Math.round(state.backoff / 1000);
    const why = e.reason ? ` (${e.reason})` : e.code === 1008 ? ' (refused: token or origin)' : '';
    connectionState(`connection lost${why} — retrying in ${seconds} s`, 'lost');
    state.reconnectTimer = setTimeout(connect, state.backoff);
    state.backoff = Math.min(state.backoff * 2, 30000);
    updateTestButton();
  });
}

// Sends one submission; `attempt` counts the times it was sent again because Docker was not answering.
function send(header, tgz, label, attempt = 0) {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN) {
    notice('Not connected to Warmpool yet; it reconnects by itself. Try again in a moment.', 'error');
    return false;
  }
  state.pending.set(header.id, { started: performance.now(), label, header, tgz, attempt });
  state.socket.send(submission(header, tgz));
  $('light').className = 'light busy ' + lastOutcome();
  $('outcome').textContent = 'running…';
  $('facts').textContent = label;
  updateTestButton();
  return true;
}

// Asks Warmpool to stop what is in flight (docs/protocol.md, "Cancelling"): one waiting for a run
// slot never runs, one running is stopped. The reply to it then says "cancelled".
function cancelRun() {
  if (!state.socket || state.socket.readyState !== WebSocket.OPEN || state.pending.size === 0) return;
  for (const [id, p] of state.pending) {
    if (p.cancelling) continue;
    p.cancelling = true;
    state.socket.send(JSON.stringify({ type: 'cancel', id }));
  }
  $('outcome').textContent = 'cancelling…';
  updateTestButton();
}

function nextId() {
  state.seq += 1;
  return `web-${Date.now().toString(36)}-${state.seq}`;
}

async function test() {
  if ($('test').disabled) return;
  save();
  let tgz;
  try {
    tgz = await gzip(tar(sortedNames().map(n => [n, state.files.get(n)])));
  } catch (e) {
    notice(e.message, 'error');
    return;
  }
  if (tgz.length > MAX_TGZ_BYTES) {
    notice(`The files pack to ${(tgz.length / 1048576).toFixed(1)} MiB; Warmpool takes at most 2 MiB.`, 'error');
    return;
  }
  notice('');
  send(header(nextId()), tgz, `${state.files.size} file(s)`);
}

async function sendTgz(file) {
  if (!file) return;
  if (file.size > MAX_TGZ_BYTES) {
    notice(`${file.name} is ${(file.size / 1048576).toFixed(1)} MiB; Warmpool takes at most 2 MiB.`, 'error');
    return;
  }
  const bytes = new Uint8Array(await file.arrayBuffer());
  notice('');
  send(header(nextId()), bytes, `${file.name} as it is`);
}

// ---- replies ------------------------------------------------------------------------------------

function lastOutcome() {
  const last = $('history').lastElementChild;
  return last ? last.className : 'none';
}

function onReply(reply) {
  if (reply.type === 'error' && reply.code === 'nothing_to_cancel') {
    return;  // the run ended just before the cancel arrived: its result is here or on its way
  }
  const pending = state.pending.get(reply.id);
  if (reply.type === 'queued') {
    if (pending) $('outcome').textContent = `queued — ${reply.position} ahead`;
    return;
  }
  if (reply.type === 'output') {
    if (pending) arrived(reply, pending);
    return;
  }
  if (!pending && reply.id !== null) return;
  state.pending.delete(reply.id);
  if (reply.code === 'docker_unavailable' && reply.retry_after_ms && pending && pending.attempt < DOCKER_RETRIES) {
    sendAgain(reply, pending);
    return;
  }
  show(reply, pending);
  updateTestButton();
}

// Docker did not answer for the server's whole grace: the same files go again when the server says,
// as a new submission, a few times, before the page shows the error.
function sendAgain(reply, pending) {
  const due = Date.now() + reply.retry_after_ms;
  state.retryUntil = due; // the Test button waits too
  $('outcome').textContent = 'waiting for Docker…';
  const tick = () => {
    const left = Math.ceil((due - Date.now()) / 1000);
    if (left > 0) {
      notice(`Docker is not answering: ${reply.message} Sending again in ${left} s (try ${pending.attempt + 2} of ${DOCKER_RETRIES + 1}).`);
      setTimeout(tick, 250);
      return;
    }
    notice('');
    if (!send({ ...pending.header, id: nextId() }, pending.tgz, pending.label, pending.attempt + 1)) {
      show(reply, pending);
    }
  };
  tick();
  updateTestButton();
}

// Output while the run goes: the first of it clears the last run's, the rest is added as it comes;
// the result then shows the whole (the same text, unless this page fell too far behind to get all).
function arrived(output, pending) {
  if (!pending.streaming) {
    pending.streaming = true;
    $('stdout').textContent = '';
    $('stderr').textContent = '';
    $('log-box').hidden = true;
    $('outcome').textContent = 'running…';
    document.querySelector('.streams').classList.add('live');
  }
  const pre = $(output.stream === 'stderr' ? 'stderr' : 'stdout');
  const following = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 4;
  pre.append(document.createTextNode(output.data));
  if (following) pre.scrollTop = pre.scrollHeight;
}

function show(reply, pending) {
  document.querySelector('.streams').classList.remove('live');
  const elapsed = pending ? Math.round(performance.now() - pending.started) : 0;
  const light = $('light');
  const history = document.createElement('li');
  if (reply.type === 'result') {
    light.className = 'light ' + reply.outcome;
    light.setAttribute('aria-label', 'traffic light: ' + reply.outcome);
    $('outcome').textContent = reply.outcome.replace('_', ' ');
    const t = reply.timings || {};
    $('facts').textContent = `status ${reply.status || '–'} · ${reply.warm ? 'warm' : 'cold'} · ${t.total_ms} ms`
      + ` (queued ${t.queued_ms} · claim ${t.claim_ms} · exec ${t.exec_ms} · colour ${t.colour_ms}) · ${elapsed} ms here`
      + (pending ? ` · ${pending.label}` : '');
    stream('stdout', reply.stdout);
    stream('stderr', reply.stderr);
    const log = reply.log && reply.log.content;
    $('log-box').hidden = !log;
    $('log').textContent = log || '';
    history.className = reply.outcome;
    history.title = `${reply.outcome} · ${t.total_ms} ms · ${new Date().toLocaleTimeString()}`;
  } else if (reply.code === 'cancelled') {
    light.className = 'light none';
    light.setAttribute('aria-label', 'traffic light: cancelled');
    $('outcome').textContent = 'cancelled';
    $('facts').textContent = `cancelled · ${elapsed} ms here` + (pending ? ` · ${pending.label}` : '');
    history.className = 'cancelled';
    history.title = `cancelled · ${new Date().toLocaleTimeString()}`;
    notice(reply.message);
  } else {
    light.className = 'light none';
    light.setAttribute('aria-label', 'traffic light: no result');
    $('outcome').textContent = 'not run';
    $('facts').textContent = reply.code;
    history.className = 'error';
    history.title = `${reply.code} · ${new Date().toLocaleTimeString()}`;
    if (reply.code === 'throttled' && reply.retry_after_ms) {
      throttled(reply.message, reply.retry_after_ms);
    } else {
      notice(reply.message, 'error');
    }
  }
  $('history').append(history);
}

function stream(name, output) {
  const text = (output && output.content) || '';
  $(name).textContent = output && output.truncated ? text + '\n… (cut at 50 KB)' : text;
}

function throttled(message, retryMs) {
  state.retryUntil = Date.now() + retryMs;
  const tick = () => {
    const left = Math.ceil((state.retryUntil - Date.now()) / 1000);
    if (left <= 0) {
      notice('');
      updateTestButton();
      return;
    }
    notice(`Warmpool is busy: ${message} You can test again in ${left} s.`);
    updateTestButton();
    setTimeout(tick, 250);
  };
  tick();
}

function updateTestButton() {
  const open = state.socket && state.socket.readyState === WebSocket.OPEN;
  $('test').disabled = !open || state.pending.size > 0 || Date.now() < state.retryUntil || !state.image;
  const inFlight = open && state.pending.size > 0;
  $('cancel').hidden = !inFlight;
  $('cancel').disabled = !inFlight || [...state.pending.values()].every(p => p.cancelling);
}

// ---- start --------------------------------------------------------------------------------------

function wire() {
  $('content').addEventListener('input', e => {
    if (state.current !== null) {
      state.files.set(state.current, e.target.value);
      save();
    }
  });
  $('test').addEventListener('click', test);
  $('cancel').addEventListener('click', cancelRun);
  document.addEventListener('keydown', e => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
      e.preventDefault();
      test();
    } else if (e.key === 'Escape' && state.pending.size > 0) {
      e.preventDefault();
      cancelRun();
    }
  });
  $('add-file').addEventListener('click', addFile);
  $('rename-file').addEventListener('click', renameFile);
  $('remove-file').addEventListener('click', removeFile);
  $('reset-files').addEventListener('click', () => {
    if (confirm('Throw away your edits and start again from ' + state.image + "'s start point?")) loadImage(state.image, true);
  });
  $('image').addEventListener('change', e => loadImage(e.target.value, false).then(updateTestButton));
  $('tgz-input').addEventListener('change', e => { sendTgz(e.target.files[0]); e.target.value = ''; });
  $('drop').addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') $('tgz-input').click(); });
  // the whole page takes a dropped .tgz
  let depth = 0;
  document.addEventListener('dragenter', e => { e.preventDefault(); depth++; document.body.classList.add('dragging'); });
  document.addEventListener('dragleave', () => { if (--depth <= 0) { depth = 0; document.body.classList.remove('dragging'); } });
  document.addEventListener('dragover', e => { e.preventDefault(); e.dataTransfer.dropEffect = 'copy'; });
  document.addEventListener('drop', e => {
    e.preventDefault();
    depth = 0;
    document.body.classList.remove('dragging');
    const file = e.dataTransfer && e.dataTransfer.files[0];
    if (file) sendTgz(file);
  });
}

async function start() {
  wire();
  askName();
  let pools;
  try {
    pools = await api('api/pools');
  } catch (e) {
    const needsToken = /token/i.test(e.message);
    notice(needsToken
      ? (token ? 'The token in this page\'s address is not the one Warmpool expects: ask your facilitator for the address with the right ?token=…'
               : 'This Warmpool needs a token: open the address your facilitator gave you, ending in ?token=…')
      : 'Warmpool did not answer: ' + e.message, 'error');
    connectionState('not connected', 'lost');
    return;
  }
  state.wsPort = pools.ws_port;
  state.maxSeconds = pools.max_seconds || 10;
  const select = $('image');
  for (const pool of pools.pools) {
    const option = document.createElement('option');
    option.value = pool.image;
    option.textContent = pool.image + (pool.problem ? ' — ' + pool.state : '');
    select.append(option);
  }
  if (!pools.pools.length) {
    notice('Warmpool serves no images yet: the facilitator adds a pool in the console.', 'error');
  } else {
    const wanted = params.get('image') || localStorage.getItem('warmpool.image');
    select.value = pools.pools.some(p => p.image === wanted) ? wanted : pools.pools[0].image;
    await loadImage(select.value, false);
  }
  connect();
}

start();
