// Question pages: new answers and comments appear, edits, votes and the accepted answer change.
import { scheduler } from "./live-swap.js";

export function start(api) {
  const questionId = Number(document.body.dataset.questionId);
  const refresh = scheduler();
  api.onEvent((event) => {
    const payload = event.payload || {};
    const mine = Number(payload.question_id) === questionId ||
      (event.subject && event.subject.type === "question" && event.subject.id === questionId);
    if (!mine) return;
    if (event.kind.startsWith("answer.") && event.actor_id) {
      document.dispatchEvent(new CustomEvent("kith:typing-stopped", { detail: { userId: event.actor_id } }));
    }
    refresh();
  });
}
