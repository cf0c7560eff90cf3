// Refresh the live regions of this page from a fresh server render (the page's own URL), so a
// page that followed events ends up exactly as after a reload. Regions are matched by id, by
// data-score-for or by data-live; a region holding focus or typed text is reconciled child by
// child so nobody loses what they are writing.
const REGION_SELECTOR = [
  "#answers",
  "#answer-count",
  "[data-score-for]",
  "[data-accepted]",
  "[data-live]",
  "[data-vote-count]",
  "[data-idea-status]",
  "[data-status-badge]",
  "[data-escalation-badge]",
  "[id^='question-']",
  "#me-too-count",
  "#question-body",
  "#comments",
  "#messages",
].join(",");

function keyOf(el) {
  if (el.id) return `#${el.id}`;
  if (el.dataset.scoreFor) return `score:${el.dataset.scoreFor}`;
  if (el.dataset.live) return `live:${el.dataset.live}`;
  if (el.dataset.voteCount) return `votes:${el.dataset.voteCount}`;
  if (el.dataset.ideaStatus) return `status:${el.dataset.ideaStatus}`;
  if (el.hasAttribute("data-escalation-badge")) return `escalation:${el.dataset.questionId}`;
  return null;
}

function busy(el) {
  const active = document.activeElement;
  if (active && active !== document.body && el.contains(active)) return true;
  return [...el.querySelectorAll("textarea, input[type=text]")].some((f) => f.value !== f.defaultValue);
}

function morph(current, next) {
  if (current.isEqualNode(next)) return;
  if (!busy(current)) {
    const fresh = document.importNode(next, true);
    current.replaceWith(fresh);
    if (!current.id || current.id !== "answers") fresh.classList.add("live-changed");
    return;
  }
  const existing = new Map([...current.children].filter((c) => c.id).map((c) => [c.id, c]));
  const wanted = new Set();
  let previous = null;
  for (const child of next.children) {
    if (!child.id) continue;
    wanted.add(child.id);
    const mine = existing.get(child.id);
    if (mine) {
      morph(mine, child);
      previous = document.getElementById(child.id);
    } else {
      const fresh = document.importNode(child, true);
      fresh.classList.add("live-new");
      if (previous) previous.after(fresh);
      else current.prepend(fresh);
      previous = fresh;
    }
  }
  for (const [id, child] of existing) if (!wanted.has(id) && !busy(child)) child.remove();
}

function markNew(current, next) {
  // Children of a swapped container that did not exist before get a brief highlight.
  const before = new Set([...current.querySelectorAll("[id]")].map((el) => el.id));
  return [...next.querySelectorAll("[id]")].filter((el) => !before.has(el.id)).map((el) => el.id);
}

export async function refreshRegions() {
  const response = await fetch(window.location.href, {
    credentials: "same-origin",
    cache: "no-store",
    headers: { Accept: "text/html", "X-Live-Refresh": "1" },
  });
  if (!response.ok) return false;
  const doc = new DOMParser().parseFromString(await response.text(), "text/html");
  const incoming = new Map();
  for (const el of doc.querySelectorAll(REGION_SELECTOR)) {
    const key = keyOf(el);
    if (key && !incoming.has(key)) incoming.set(key, el);
  }
  const added = [];
  for (const el of [...document.querySelectorAll(REGION_SELECTOR)]) {
    if (!el.isConnected) continue; // replaced along with an enclosing region
    const key = keyOf(el);
    const next = key && incoming.get(key);
    if (!next) continue;
    added.push(...markNew(el, next));
    morph(el, next);
  }
  for (const id of added) document.getElementById(id)?.classList.add("live-new");
  document.dispatchEvent(new CustomEvent("kith:updated", { detail: { added } }));
  return true;
}

/** Coalesce a burst of events into one refresh, with a little jitter so a crowd does not stampede. */
export function scheduler(delay = 120, jitter = 250) {
  let timer = null;
  let running = false;
  let again = false;
  const run = async () => {
    timer = null;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      await refreshRegions();
    } catch (err) {
      console.info("live refresh failed; the next event or reconnect retries", err);
    } finally {
      running = false;
      if (again) {
        again = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (!timer) timer = setTimeout(run, delay + Math.random() * jitter);
  };
  return schedule;
}
