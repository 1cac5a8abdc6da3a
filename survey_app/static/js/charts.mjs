// Draws each results chart from the figure JSON beside it. The table under every chart
// carries the same numbers, so without JavaScript nothing is lost.
const figures = document.querySelectorAll('script[type="application/json"][data-chart-for]');

for (const script of figures) {
  const target = document.getElementById(script.dataset.chartFor);
  if (!target || !window.Plotly) continue;
  const figure = JSON.parse(script.textContent);
  // On a phone the chart's own title would be cut off at both edges; the heading just
  // above the chart says the same, so the chart gives its room to the bars.
  if (target.clientWidth < 480 && figure.layout && figure.layout.title) {
    figure.layout.title = { ...figure.layout.title, text: "" };
    figure.layout.margin = { ...figure.layout.margin, t: 16 };
  }
  const config = {
    displayModeBar: false, // the mode bar needs inline styles our CSP refuses
    responsive: true,
    staticPlot: false,
  };
  window.Plotly.newPlot(target, figure.data, figure.layout, config).then(() => {
    target.classList.add("app-chart--drawn");
  });
}
