// Similar questions while typing a title on the ask page; a click is recorded as a possible deflection.
const box = document.getElementById("similar");
const title = document.getElementById("title");

function render(questions, typed, searchId) {
  box.replaceChildren();
  if (!questions.length) {
    box.hidden = true;
    return;
  }
  const heading = document.createElement("p");
  heading.className = "similar-heading";
  heading.textContent = box.dataset.heading;
  const list = document.createElement("ul");
  list.className = "similar-list";
  questions.forEach((q, index) => {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = q.url;
    link.textContent = q.title;
    link.dataset.questionId = String(q.id);
    link.addEventListener("click", () => recordClick(q.id, typed, index + 1, searchId));
    item.append(link);
    if (q.solved) {
      const pill = document.createElement("span");
      pill.className = "status-pill solved";
      pill.textContent = "✓";
      item.append(" ", pill);
    }
    list.append(item);
  });
  box.append(heading, list);
  box.hidden = false;
}

function recordClick(questionId, typed, position, searchId) {
  fetch(box.dataset.clickUrl, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ question_id: questionId, title: typed, position, ...(searchId ? { search_id: searchId } : {}) }),
    credentials: "same-origin",
    keepalive: true,
  }).catch(() => {});
}

let timer = null;
let lastQuery = "";
let controller = null;

async function lookup() {
  const typed = title.value.trim();
  if (typed === lastQuery) return;
  lastQuery = typed;
  if (typed.length < 3) {
    render([], typed);
    return;
  }
  if (controller) controller.abort();
  controller = new AbortController();
  try {
    const url = `${box.dataset.url}?title=${encodeURIComponent(typed)}`;
    const response = await fetch(url, { signal: controller.signal, credentials: "same-origin" });
    if (!response.ok) return;
    const data = await response.json();
    render(data.questions || [], typed, data.search_id);
  } catch (error) {
    if (error.name !== "AbortError") render([], typed);
  }
}

if (box && title) {
  title.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(lookup, 250);
  });
  if (title.value) lookup();
}
