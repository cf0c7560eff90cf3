// Draw each measure's series with Chart.js; the page's tables hold the same figures without JavaScript.
(function () {
  "use strict";
  const source = document.getElementById("insight-data");
  if (!source || typeof window.Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  const labels = data.labels || {};
  const colors = ["#2b59c3", "#d17a00", "#1f8a4c", "#b03a48", "#6b4fbb", "#5f6b7a"];
  const countFields = new Set(["asked", "solved", "deflected", "questions", "contacts", "active_customers",
    "ratings", "votes", "self_served_users", "ticket_users", "suggestion_clicks", "mau", "new_contributors",
    "accepted", "unanswered", "with_staff"]);
  for (const measure of data.measures) {
    const canvas = document.querySelector(`canvas[data-measure="${measure.key}"]`);
    if (!canvas) continue;
    const fields = measure.fields.filter((f) => !countFields.has(f));
    const isShare = (field) => measure.unit === "percent" || field.endsWith("_sla") || field.endsWith("_rate") ||
      field === "search_to_ticket";
    // Counts drawn as bars on the left axis; shares (in %) as lines on the right one when both appear.
    const mixed = fields.some(isShare) && fields.some((f) => !isShare(f));
    const bars = measure.key === "tickets" || measure.key === "ideas_demand";
    const datasets = fields.map((field, i) => ({
      label: (labels[field] || field) + (isShare(field) ? " (%)" : ""),
      type: bars && !isShare(field) ? "bar" : "line",
      yAxisID: mixed && isShare(field) ? "y1" : "y",
      data: measure.series.map((row) => {
        const v = row[field];
        if (v === null || v === undefined) return null;
        return isShare(field) ? Math.round(v * 1000) / 10 : v;
      }),
      borderColor: colors[i % colors.length],
      backgroundColor: colors[i % colors.length] + (bars ? "aa" : "33"),
      spanGaps: true,
      tension: 0.25,
    }));
    const scales = { y: { beginAtZero: true } };
    if (mixed) scales.y1 = { beginAtZero: true, max: 100, position: "right", grid: { drawOnChartArea: false } };
    new window.Chart(canvas, {
      type: "line",
      data: { labels: measure.series.map((row) => row.period), datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 12 } } },
        scales,
      },
    });
  }
})();
