// Live updates over Socket.IO. One connection per page; rooms come from <body> data attributes;
// after every (re)connect the page catches up from GET /api/v1/events?after=<last id seen>,
// applying events in id order, so a dropped connection misses nothing.
const configEl = document.getElementById("realtime-config");
const config = configEl ? JSON.parse(configEl.textContent) : null;

const listeners = new Set();
let socket = null;
let lastId = config && Number.isInteger(config.after) ? config.after : null;
let catchingUp = false;
let queued = [];
let me = null;
let lostTimer = null;
let wasLost = false;

export const strings = config ? config.strings : {};

/** Call fn(event) for every new event this page may see, in id order. */
export function onEvent(fn) {
  listeners.add(fn);
}

/** Send a client event (typing) if connected. */
export function send(name, data) {
  if (socket && socket.connected) socket.emit(name, data);
}

const socketHandlers = [];

/** Listen to a raw socket event (presence, typing, hello); works before the socket exists. */
export function onSocket(name, fn) {
  socketHandlers.push([name, fn]);
  if (socket) socket.on(name, fn);
}

export function currentUserId() {
  return me;
}

function pageRooms() {
  const data = document.body.dataset;
  const rooms = [];
  if (data.questionId) rooms.push(`question:${data.questionId}`);
  if (data.ideaId) rooms.push(`idea:${data.ideaId}`);
  if (data.ticketId) rooms.push(`ticket:${data.ticketId}`);
  for (const name of (data.liveRooms || "").split(/\s+/)) if (name) rooms.push(name);
  return rooms;
}

function apply(event) {
  if (lastId !== null && event.id <= lastId) return false; // already seen (catch-up and live overlap)
  lastId = event.id;
  for (const fn of listeners) {
    try {
      fn(event);
    } catch (err) {
      console.warn("realtime listener failed", err);
    }
  }
  return true;
}

async function catchUp() {
  if (lastId === null) return;
  catchingUp = true;
  let applied = 0;
  try {
    for (let page = 0; page < 50; page += 1) {
      const response = await fetch(`${config.events}?after=${lastId}&limit=200`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        cache: "no-store",
      });
      if (!response.ok) break;
      const body = await response.json();
      for (const event of body.events) if (apply(event)) applied += 1;
      if (Number.isInteger(body.cursor) && body.cursor > lastId) lastId = body.cursor;
      if (!body.has_more) break;
    }
  } catch (err) {
    console.info("realtime catch-up will retry on the next reconnect", err);
  } finally {
    catchingUp = false;
    const pending = queued;
    queued = [];
    pending.sort((a, b) => a.id - b.id).forEach(apply);
    // Catch-up events do not say which room they were for: pages that follow a whole room refresh.
    if (applied) document.dispatchEvent(new CustomEvent("kith:caught-up", { detail: { applied } }));
  }
}

function showStatus(text, { sticky = false } = {}) {
  const el = document.getElementById("realtime-status");
  if (!el) return;
  el.textContent = text;
  el.hidden = !text;
  el.classList.toggle("realtime-status-lost", sticky);
  if (!sticky && text) setTimeout(() => { if (el.textContent === text) el.hidden = true; }, 3000);
}

function onLost() {
  if (lostTimer) return;
  lostTimer = setTimeout(() => {
    wasLost = true;
    showStatus(strings.lost, { sticky: true });
  }, 2000);
}

async function onConnected() {
  clearTimeout(lostTimer);
  lostTimer = null;
  for (const room of pageRooms()) socket.emit("join", { room });
  await catchUp();
  if (wasLost) {
    wasLost = false;
    showStatus(strings.restored);
  }
}

async function start() {
  const { io } = await import(config.socketio);
  socket = io({ reconnectionDelay: 1000, reconnectionDelayMax: 10000, randomizationFactor: 0.5 });
  socket.on("hello", (info) => { me = info.user_id; });
  for (const [name, fn] of socketHandlers) socket.on(name, fn);
  socket.on("connect", onConnected);
  socket.on("disconnect", onLost);
  socket.on("connect_error", onLost);
  socket.on("event", (event) => (catchingUp ? queued.push(event) : apply(event)));
  socket.on("error", (err) => console.info("realtime:", err && err.code));
  window.addEventListener("offline", onLost);
  window.addEventListener("online", () => {
    if (!socket.connected) socket.connect();
    catchUp();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") catchUp();
  });
  // If the message queue dropped something while we stayed connected, a slow poll fills it in.
  setInterval(() => { if (document.visibilityState === "visible") catchUp(); }, 60000);
}

function startPageModules() {
  const data = document.body.dataset;
  const api = { onEvent, send, onSocket, currentUserId, strings };
  const paths = ["./notifications-badge.js"];
  if (data.questionId) paths.push("./live-question.js", "./presence.js");
  if (data.ideaId) paths.push("./live-idea.js");
  if (data.ticketId || data.liveRooms) paths.push("./live-page.js");
  const load = (path) => import(path).then((mod) => mod.start(api)).catch((err) => console.warn(err));
  return Promise.all(paths.map(load));
}

if (config) {
  // Listeners first, so the first catch-up (events since the page was rendered) reaches them.
  startPageModules()
    .then(start)
    .catch((err) => console.info("realtime unavailable; the page still works without it", err));
}
