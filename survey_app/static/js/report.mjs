// Draws the committee report's charts at the one size they were made for (fits A4), then
// gives each SVG a viewBox, so CSS can scale a chart down to any width (a phone, or the
// printed page) without cutting anything off. The table under every chart has the numbers.
const figures = document.querySelectorAll('script[type="application/json"][data-report-chart-for]');

for (const script of figures) {
  const target = document.getElementById(script.dataset.reportChartFor);
  if (!target || !window.Plotly) continue;
  const figure = JSON.parse(script.textContent);
  const { width, height } = figure.layout;
  target.style.aspectRatio = `${width} / ${height}`;
  const config = { displayModeBar: false, responsive: false, staticPlot: true };
  window.Plotly.newPlot(target, figure.data, figure.layout, config).then(() => {
    for (const svg of target.querySelectorAll("svg.main-svg")) {
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
    }
    target.classList.add("app-report-chart--drawn");
  });
}
