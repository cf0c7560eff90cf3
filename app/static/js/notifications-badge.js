// The nav's unread-notification badge follows notification events of the signed-in user.
export function start(api) {
  api.onEvent((event) => {
    const count = (event.payload || {}).unread_count;
    if (!event.kind.startsWith("notification") || !Number.isInteger(count)) return;
    for (const badge of document.querySelectorAll("[data-unread-count]")) {
      badge.textContent = count > 0 ? String(count) : "";
      badge.hidden = count <= 0;
    }
  });
}
