// Ticket pages and pages that follow other rooms (data-live-rooms="moderation"): refresh the
// page's live regions when one of their events arrives. A ticket page (an agent's also follows
// the staff room, where internal notes go) refreshes only for events of its own ticket.
import { scheduler } from "./live-swap.js";

export function start(api) {
  const ticketId = Number(document.body.dataset.ticketId || 0);
  const followsModeration = (document.body.dataset.liveRooms || "").split(/\s+/).includes("moderation");
  const refresh = scheduler();
  api.onEvent((event) => {
    const payload = event.payload || {};
    if (ticketId) {
      if (Number(payload.ticket_id) === ticketId) refresh();
    } else if (followsModeration && (event.rooms || []).includes("moderation")) {
      refresh();
    }
  });
  if (followsModeration && !ticketId) document.addEventListener("kith:caught-up", refresh);
}
