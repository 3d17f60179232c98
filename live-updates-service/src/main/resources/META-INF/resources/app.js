// Updraft dashboard: one WebSocket, two topics. Keeps the last offset and epoch of each topic so that a
// reconnect resumes with `since` and shows exactly what was missed (or says that it cannot).
(() => {
  'use strict';

  const STATUS = 'platform.status';
  const CHAT = 'chat.lobby';
  const RUNS = 'scheduler.runs';
  const RUNS_SHOWN = 10;
  const STALE_SECONDS = 15;
  const $ = (id) => document.getElementById(id);

  // offset null = live only, the latest few fetched over HTTP (status, runs);
  // 0 = everything the server still holds (chat history on first visit)
  const topics = {
    [STATUS]: { offset: null, epoch: null },
    [RUNS]: { offset: null, epoch: null },
    [CHAT]: { offset: 0, epoch: null },
  };
  const members = new Map();
  // With authentication on, open the page as /?access_token=<JWT>: the token goes along on the WebSocket and
  // the API calls (browsers cannot set headers on a WebSocket), and its `sub` is the name the server shows.
  const token = new URLSearchParams(location.search).get('access_token');
  const tokenQuery = token ? `access_token=${encodeURIComponent(token)}` : '';
  let name = subjectOf(token)
    || localStorage.getItem('updraft.name') || 'guest-' + Math.random().toString(36).slice(2, 6);

  // display only: the server verifies the token, the page just shows whose it is
  function subjectOf(jwt) {
    if (!jwt) return null;
    try {
      const payload = jwt.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
      const bytes = Uint8Array.from(atob(payload), (c) => c.charCodeAt(0));
      return JSON.parse(new TextDecoder().decode(bytes)).sub || null;
    } catch (e) {
      return null;
    }
  }
  let ws = null;
  let attempt = 0;
  let everLive = false;
  let waitingFor = new Set();
  const catchingUp = new Map(); // topic -> offset the replay must reach before the page is live again
  let reconnectTimer = null;
  let lastStatusAt = null;
  let nextId = 1;

  function setConn(state, text) {
    $('conn').dataset.state = state;
    $('conn-state').textContent = text;
  }

  function reasonOf(close) {
    switch (close.code) {
      case 1001: return 'server restarting';
      case 4008: return 'too slow to keep up';
      case 4001: return 'token expired: reload with a fresh access_token';
      case 1006: return 'connection lost';
      default: return 'closed, code ' + close.code;
    }
  }

  function connect() {
    clearTimeout(reconnectTimer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws?user=${encodeURIComponent(name)}`
      + (tokenQuery ? `&${tokenQuery}` : ''));
    ws = socket;
    setConn(everLive ? 'recovering' : 'connecting', everLive ? 'Recovering…' : 'Connecting…');
    socket.onopen = () => {
      waitingFor = new Set(Object.keys(topics));
      for (const topic of Object.keys(topics)) subscribe(topic);
    };
    socket.onmessage = (message) => handle(JSON.parse(message.data));
    socket.onclose = (close) => {
      if (ws !== socket) return; // replaced on purpose (name change)
      ws = null;
      members.clear();
      catchingUp.clear();
      renderPresence();
      const delay = Math.round(Math.min(10000, 500 * 2 ** attempt++) * (0.75 + Math.random() / 2));
      setConn('offline', `Offline (${reasonOf(close)}) — retrying in ${Math.max(1, Math.round(delay / 1000))} s`);
      reconnectTimer = setTimeout(connect, delay);
    };
  }

  function send(frame) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(JSON.stringify(frame));
    return true;
  }

  function subscribe(topic) {
    const state = topics[topic];
    const frame = { type: 'subscribe', topic, id: 'sub-' + topic };
    if (state.offset !== null) {
      frame.since = state.offset;
      if (state.epoch) frame.epoch = state.epoch;
    }
    send(frame);
  }

  function handle(frame) {
    switch (frame.type) {
      case 'subscribed': return onSubscribed(frame);
      case 'event': return onEvent(frame);
      case 'presence':
        members.clear();
        frame.members.forEach((m) => members.set(m.client, m.user));
        return renderPresence();
      case 'join':
        members.set(frame.member.client, frame.member.user);
        return renderPresence();
      case 'leave':
        members.delete(frame.member.client);
        return renderPresence();
      case 'error': return notice(frame.message);
      default: return undefined; // ack, unsubscribed
    }
  }

  function onSubscribed(frame) {
    const state = topics[frame.topic];
    const hadHistory = state.epoch !== null;
    if (hadHistory && frame.epoch !== state.epoch) {
      // the server lost its history (restart): offsets start again, and it replays what it has now
      state.offset = frame.topic === CHAT ? 0 : null;
      if (frame.topic === CHAT) $('messages').replaceChildren();
    }
    if (hadHistory && frame.recovered === true && frame.topic === CHAT && frame.offset > state.offset) {
      const missed = frame.offset - state.offset; // replayed right after this frame
      notice(`Back online — ${missed} missed message${missed === 1 ? '' : 's'} recovered.`);
    }
    if (hadHistory && frame.recovered === false) {
      notice(frame.topic === CHAT
        ? 'You missed messages while offline that the server no longer has.'
        : 'Some status reports were missed while offline.');
    }
    state.epoch = frame.epoch;
    if (state.offset === null) {
      state.offset = frame.offset;
      if (frame.topic === STATUS) loadRecent(STATUS, frame.offset, frame.epoch, 1);
      if (frame.topic === RUNS) loadRecent(RUNS, frame.offset, frame.epoch, RUNS_SHOWN);
    }
    if (frame.topic === CHAT) send({ type: 'presence', topic: CHAT, id: 'presence-' + nextId++ });
    // only a recovered replay is sure to reach the subscribed offset (history may have expired otherwise)
    if (frame.recovered === true && frame.offset > state.offset) catchingUp.set(frame.topic, frame.offset);
    else catchingUp.delete(frame.topic);
    waitingFor.delete(frame.topic);
    updateLiveness();
  }

  // live once every topic is subscribed and every replay has caught up with its `subscribed` offset
  function updateLiveness() {
    if (waitingFor.size > 0) return;
    if (catchingUp.size > 0) {
      let missing = 0;
      for (const [topic, target] of catchingUp) missing += target - (topics[topic].offset || 0);
      setConn('recovering', `Recovering ${missing} missed event${missing === 1 ? '' : 's'}…`);
      return;
    }
    everLive = true;
    attempt = 0;
    setConn('live', 'Live');
  }

  function onEvent(event) {
    const state = topics[event.topic];
    if (!state || (event.epoch === state.epoch && event.offset <= state.offset)) return;
    state.offset = event.offset;
    state.epoch = event.epoch;
    if (catchingUp.has(event.topic) && event.offset >= catchingUp.get(event.topic)) {
      catchingUp.delete(event.topic);
      updateLiveness();
    }
    if (event.topic === STATUS) renderStatus(event);
    else if (event.topic === RUNS) renderRun(event);
    else renderMessage(event);
  }

  // live-only subscriptions: show the latest events at once instead of waiting for the next ones
  async function loadRecent(topic, offset, epoch, count) {
    if (offset <= 0) return;
    try {
      const since = Math.max(0, offset - count);
      const response = await fetch(`/api/topics/${topic}/events?since=${since}&limit=${count}`
        + (tokenQuery ? `&${tokenQuery}` : ''));
      const page = await response.json();
      for (const event of page.events || []) {
        if (event.epoch !== epoch) continue;
        if (topic === STATUS && lastStatusAt === null) renderStatus(event);
        if (topic === RUNS) renderRun(event);
      }
    } catch (e) {
      // live events fill the panel soon enough
    }
  }

  function renderRun(event) {
    const run = event.data;
    if (!run || typeof run !== 'object' || !run.job) return;
    const list = $('runs');
    const siblings = [...list.children];
    if (siblings.some((li) => Number(li.dataset.offset) === event.offset)) return; // fetched and live
    const item = document.createElement('li');
    item.dataset.offset = String(event.offset);
    const job = document.createElement('span');
    job.className = 'job';
    job.textContent = run.job;
    const badge = document.createElement('span');
    badge.className = 'badge ' + (run.status || '');
    badge.textContent = (run.status || 'unknown').replace('_', ' ');
    const when = document.createElement('time');
    const at = run.startedAt || run.scheduledAt;
    if (at) {
      when.dateTime = at;
      when.textContent = new Date(at).toLocaleTimeString();
    }
    const timing = document.createElement('span');
    timing.className = 'muted';
    const took = run.startedAt && run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : null;
    timing.textContent = [took !== null ? `took ${took} ms` : null,
      run.latenessMs != null ? `${run.latenessMs} ms late` : null].filter(Boolean).join(' · ');
    item.append(job, badge, when, timing);
    if (run.error) {
      const error = document.createElement('span');
      error.className = 'error';
      error.textContent = run.error;
      item.append(error);
    }
    // newest first, whether it came from the HTTP fetch or live (they may interleave)
    const next = siblings.find((li) => Number(li.dataset.offset) < event.offset);
    list.insertBefore(item, next || null);
    while (list.children.length > RUNS_SHOWN) list.lastElementChild.remove();
  }

  function renderStatus(event) {
    const results = event.data && Array.isArray(event.data.results) ? event.data.results : null;
    if (!results) return;
    for (const item of results) {
      const card = $('svc-' + item.id);
      if (!card) continue;
      const health = item.body && typeof item.body === 'object' ? item.body.status : null;
      const up = !item.error && item.status >= 200 && item.status < 300 && health === 'UP';
      card.dataset.state = up ? 'up' : 'down';
      card.querySelector('.state').textContent = up ? 'UP' : (health || 'DOWN');
      card.querySelector('.latency').textContent = item.latencyMs != null ? item.latencyMs + ' ms' : '—';
      card.querySelector('.http').textContent = item.status != null ? String(item.status) : '—';
      card.querySelector('.detail').textContent = item.error ? `${item.error.kind}: ${item.error.message}` : '';
    }
    lastStatusAt = Date.parse(event.ts) || Date.now();
    renderUpdated();
  }

  function renderUpdated() {
    if (lastStatusAt === null) return;
    const seconds = Math.max(0, Math.round((Date.now() - lastStatusAt) / 1000));
    const stale = seconds > STALE_SECONDS;
    document.querySelector('.panel.status').classList.toggle('stale', stale);
    $('status-updated').textContent = stale
      ? `no report for ${seconds} s — is the scheduler running?`
      : seconds < 2 ? 'updated just now' : `updated ${seconds} s ago`;
  }

  function renderMessage(event) {
    const list = $('messages');
    const item = document.createElement('li');
    if (event.from === name) item.className = 'mine';
    const who = document.createElement('span');
    who.className = 'who';
    who.textContent = event.from;
    const text = document.createElement('span');
    text.className = 'text';
    const data = event.data;
    text.textContent = data && typeof data === 'object' && 'text' in data ? String(data.text) : JSON.stringify(data);
    const time = document.createElement('time');
    time.dateTime = event.ts;
    time.textContent = new Date(event.ts).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    item.append(who, text, time);
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    if (atBottom) list.scrollTop = list.scrollHeight;
  }

  function renderPresence() {
    const users = [...new Set(members.values())].sort((a, b) => a.localeCompare(b));
    const list = $('presence');
    list.replaceChildren(...users.map((user) => {
      const li = document.createElement('li');
      li.textContent = user === name ? `${user} (you)` : user;
      return li;
    }));
    $('presence-count').textContent = String(users.length);
  }

  let noticeTimer = null;
  function notice(text) {
    const el = $('chat-notice');
    el.textContent = text;
    el.hidden = false;
    clearTimeout(noticeTimer);
    noticeTimer = setTimeout(() => { el.hidden = true; }, 8000);
  }

  $('name').value = name;
  $('name').disabled = token !== null && subjectOf(token) !== null; // the token names the user
  $('name-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const wanted = $('name').value.trim();
    if (!wanted || wanted === name) return;
    name = wanted;
    localStorage.setItem('updraft.name', name);
    const old = ws;
    ws = null;
    if (old) old.close(1000, 'renamed');
    connect();
  });
  $('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = $('message');
    const text = input.value.trim();
    if (!text) return;
    if (send({ type: 'publish', topic: CHAT, data: { text }, id: 'msg-' + nextId++ })) input.value = '';
    else notice('Offline: the message will be sendable once reconnected.');
  });
  setInterval(renderUpdated, 1000);
  connect();
})();
