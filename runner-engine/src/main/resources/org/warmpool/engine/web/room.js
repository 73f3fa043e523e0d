// Warmpool's projector page: every participant's traffic lights, no code. Reads GET /api/room
// every two seconds (docs/protocol.md, "The room"); nothing else. No libraries, no build step.
'use strict';

const params = new URLSearchParams(location.search);
const token = params.get('token');
const STUCK_MINUTES = Math.max(1, Number(params.get('stuck_minutes')) || 5);
const $ = id => document.getElementById(id);

function ago(iso, now) {
  if (!iso) return '—';
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min ago`;
}

function cell(cls, text) {
  const td = document.createElement('td');
  td.className = cls;
  td.textContent = text;
  return td;
}

function render(room) {
  const now = Date.parse(room.now);
  $('session').textContent = room.session.started_at
    ? 'session since ' + new Date(room.session.started_at).toLocaleString() : 'every run the journal holds';
  const lights = room.participants.reduce((n, p) => n + p.lights.length, 0);
  $('totals').textContent = `${room.participants.length} participant(s) · ${lights} light(s)`;
  $('notice').hidden = !room.problem;
  $('notice').textContent = room.problem || '';
  $('empty').hidden = room.participants.length > 0;
  const rows = [];
  for (const p of room.participants) {
    const tr = document.createElement('tr');
    tr.dataset.participant = p.name;
    const last = p.lights[p.lights.length - 1];
    const stuck = (last.outcome === 'red' || last.outcome === 'amber') && p.not_green_since
      && now - Date.parse(p.not_green_since) >= STUCK_MINUTES * 60000;
    tr.classList.toggle('stuck', Boolean(stuck));
    tr.append(cell('name', p.name));
    const strip = document.createElement('div');
    strip.className = 'strip';
    for (const l of p.lights) {
      const i = document.createElement('i');
      i.className = l.outcome;
      i.title = `${l.outcome.replace('_', ' ')} · ${new Date(l.at).toLocaleTimeString()} · ${l.image} · ${l.duration_ms} ms`;
      strip.append(i);
    }
    const lightsCell = cell('lights', '');
    lightsCell.append(strip);
    tr.append(lightsCell, cell('num r', p.counts.red), cell('num a', p.counts.amber), cell('num g', p.counts.green),
      cell('when last-run', ago(p.last_run, now)), cell('when last-green', ago(p.last_green, now)));
    rows.push(tr);
  }
  $('rows').replaceChildren(...rows);
}

async function poll() {
  try {
    const url = new URL('api/room', location.href);
    if (token) url.searchParams.set('token', token);
    const response = await fetch(url, { cache: 'no-store' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.message || body.exception?.message || `HTTP ${response.status}`);
    render(body);  // also when the version is the same: "2 min ago" moves on
    $('status').textContent = 'live';
  } catch (e) {
    $('status').textContent = /token/i.test(e.message)
      ? 'needs the address with ?token=… (ask the facilitator)' : 'not answering: ' + e.message;
  }
  setTimeout(poll, 2000);
}

poll();
