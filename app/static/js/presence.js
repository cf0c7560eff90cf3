// "N people viewing" and "X is typing an answer…" on question pages. Counts arrive per server
// process and are added up here; a process that stops announcing is forgotten after 35 s.
// Typing notices expire after 5 s unless renewed; we tell the server when we stop.
const STALE_MS = 35000;
const TYPING_MS = 5000;
const SEND_EVERY_MS = 2000;
const ANSWER_FORM = "[data-answer-form], #answer-form, #your-answer, .answer-form";

function placeholder(attr, className) {
  let el = document.querySelector(`[${attr}]`);
  if (!el) {
    el = document.createElement("p");
    el.setAttribute(attr, "");
    el.className = className;
    const anchor = document.getElementById("answers");
    if (anchor) anchor.before(el);
    else document.getElementById("main")?.append(el);
  }
  el.setAttribute("aria-live", "polite");
  return el;
}

function fill(template, key, value) {
  return template.replace(`{${key}}`, value);
}

export function start(api) {
  const questionId = Number(document.body.dataset.questionId);
  const viewing = placeholder("data-presence", "live-presence muted");
  const typingEl = placeholder("data-typing", "live-typing muted");
  const counts = new Map();
  const typers = new Map();

  const renderViewing = () => {
    const now = Date.now();
    let total = 0;
    for (const [key, entry] of counts) {
      if (now - entry.at > STALE_MS) counts.delete(key);
      else total += entry.count;
    }
    viewing.textContent = total <= 0 ? "" : total === 1 ? api.strings.viewing_one : fill(api.strings.viewing_many, "n", total);
  };
  const renderTyping = () => {
    const names = [...typers.values()].map((t) => t.name);
    typingEl.textContent = names.length === 0 ? "" : names.length === 1
      ? fill(api.strings.typing_one, "name", names[0])
      : fill(api.strings.typing_many, "n", names.length);
  };
  const dropTyper = (userId) => {
    const entry = typers.get(userId);
    if (entry) clearTimeout(entry.timer);
    if (typers.delete(userId)) renderTyping();
  };

  api.onSocket("connect", () => { counts.clear(); typers.clear(); renderTyping(); });
  api.onSocket("presence", (msg) => {
    if (msg.question_id !== questionId) return;
    counts.set(msg.process, { count: msg.count, at: Date.now() });
    renderViewing();
  });
  api.onSocket("typing", (msg) => {
    if (msg.question_id !== questionId || msg.user_id === api.currentUserId()) return;
    if (msg.stopped) return dropTyper(msg.user_id);
    dropTyper(msg.user_id);
    typers.set(msg.user_id, { name: msg.name, timer: setTimeout(() => dropTyper(msg.user_id), TYPING_MS) });
    renderTyping();
  });
  document.addEventListener("kith:typing-stopped", (e) => dropTyper(e.detail.userId));
  setInterval(renderViewing, 10000);

  // Our own typing: tell the room at most every 2 s, and that we stopped when we post or clear.
  let lastSent = 0;
  let typing = false;
  document.addEventListener("input", (e) => {
    const form = e.target.closest && e.target.closest(ANSWER_FORM);
    if (!form || e.target.tagName !== "TEXTAREA") return;
    const now = Date.now();
    if (!e.target.value.trim()) {
      if (typing) api.send("typing", { question_id: questionId, stopped: true });
      typing = false;
      return;
    }
    if (now - lastSent >= SEND_EVERY_MS) {
      api.send("typing", { question_id: questionId });
      lastSent = now;
      typing = true;
    }
  });
  document.addEventListener("submit", (e) => {
    if (typing && e.target.closest(ANSWER_FORM)) {
      api.send("typing", { question_id: questionId, stopped: true });
      typing = false;
    }
  });
}
