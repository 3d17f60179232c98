// Updraft dashboard: one WebSocket, two topics. Keeps the last offset and epoch of each topic so that a
// reconnect resumes with `since` and shows exactly what was missed (or says that it cannot).
(() => {
  'use strict';

  const STATUS = 'platform.status';
  const CHAT = 'chat.lobby';
  const $ = (id) => document.getElementById(id);

  // offset null = live only (status); 0 = everything the server still holds (chat history on first visit)
  const topics = { [STATUS]: { offset: null, epoch: null }, [CHAT]: { offset: 0, epoch: null } };
  const members = new Map();
  let name = localStorage.getItem('updraft.name') || 'guest-' + Math.random().toString(36).slice(2, 6);
  let ws = null;
  let attempt = 0;
  let everLive = false;
  let waitingFor = new Set();
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
      case 1006: return 'connection lost';
      default: return 'closed, code ' + close.code;
    }
  }

  function connect() {
    clearTimeout(reconnectTimer);
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const socket = new WebSocket(`${scheme}//${location.host}/ws?user=${encodeURIComponent(name)}`);
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
      if (frame.topic === STATUS && frame.offset > 0) loadLatestStatus(frame.offset, frame.epoch);
    }
    if (frame.topic === CHAT) send({ type: 'presence', topic: CHAT, id: 'presence-' + nextId++ });
    waitingFor.delete(frame.topic);
    if (waitingFor.size === 0) {
      everLive = true;
      attempt = 0;
      setConn('live', 'Live');
    }
  }

  function onEvent(event) {
    const state = topics[event.topic];
    if (!state || (event.epoch === state.epoch && event.offset <= state.offset)) return;
    state.offset = event.offset;
    state.epoch = event.epoch;
    if (event.topic === STATUS) renderStatus(event);
    else renderMessage(event);
  }

  // live-only subscription: show the latest report at once instead of waiting up to one period
  async function loadLatestStatus(offset, epoch) {
    try {
      const response = await fetch(`/api/topics/${STATUS}/events?since=${offset - 1}&limit=1`);
      const page = await response.json();
      const latest = page.events && page.events[0];
      if (latest && latest.epoch === epoch && lastStatusAt === null) renderStatus(latest);
    } catch (e) {
      // the next live report will fill the cards
    }
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
    $('status-updated').textContent = seconds < 2 ? 'updated just now' : `updated ${seconds} s ago`;
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
