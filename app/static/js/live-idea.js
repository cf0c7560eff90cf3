// Idea pages: vote counts, status badge, official responses and comments update live.
import { scheduler } from "./live-swap.js";

export function start(api) {
  const ideaId = Number(document.body.dataset.ideaId);
  const refresh = scheduler();
  api.onEvent((event) => {
    const payload = event.payload || {};
    const mine = Number(payload.idea_id) === ideaId ||
      (event.subject && event.subject.type === "idea" && event.subject.id === ideaId);
    if (mine) refresh();
  });
}
