/* coopscope dashboard: draws each chart from its <script type="application/json"> block (no inline script). */
(function () {
  "use strict";
  function build(spec) {
    var xs = [], names = [], cells = {};
    spec.rows.forEach(function (r) {
      var x = String(r[spec.x]), s = spec.series ? String(r[spec.series]) : spec.y;
      if (xs.indexOf(x) < 0) { xs.push(x); }
      if (names.indexOf(s) < 0) { names.push(s); }
      cells[s + "\u0000" + x] = r[spec.y];
    });
    xs.sort();
    var series = names.map(function (s) {
      return {
        name: s, type: spec.kind, stack: spec.kind === "bar" ? "total" : undefined,
        data: xs.map(function (x) { var v = cells[s + "\u0000" + x]; return v === undefined ? null : v; })
      };
    });
    return {
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { type: "scroll", top: 0 },
      grid: { left: 70, right: 20, top: 40, bottom: 30 },
      xAxis: { type: "category", data: xs },
      yAxis: { type: "value" },
      series: series
    };
  }
  function draw() {
    if (typeof echarts === "undefined") { return; }
    document.querySelectorAll("div.chart[data-spec]").forEach(function (el) {
      var block = document.getElementById(el.getAttribute("data-spec"));
      if (!block) { return; }
      var spec = JSON.parse(block.textContent);
      var chart = echarts.init(el, null, { renderer: "canvas" });
      chart.setOption(build(spec));
      el.setAttribute("data-drawn", String(spec.rows.length));
      window.addEventListener("resize", function () { chart.resize(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
