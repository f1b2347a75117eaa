// coach's dashboard: charts drawn by ECharts (SVG) from the JSON beside each chart, loaded
// only on pages that have one; an upload's progress. Reading never needs this file.
(function () {
  "use strict";

  function loadEcharts(then) {
    if (window.echarts) { then(); return; }
    var script = document.createElement("script");
    script.src = "/static/vendor/echarts/echarts.common.min.js";
    script.onload = then;
    document.head.appendChild(script);
  }

  function dark() {
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  }

  function base() {
    return {
      backgroundColor: "transparent",
      aria: { enabled: true, decal: { show: true } },
      animation: false,
      tooltip: { trigger: "axis" },
      grid: { left: 44, right: 12, top: 36, bottom: 56 },
      legend: { top: 0 },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }]
    };
  }

  var builders = {
    fitness: function (data) {
      var option = base();
      option.xAxis = { type: "category", data: data.days };
      option.yAxis = { type: "value" };
      option.series = [
        { name: "Fitness", type: "line", data: data.ctl, showSymbol: false },
        { name: "Fatigue", type: "line", data: data.atl, showSymbol: false },
        {
          name: "Form", type: "line", data: data.form, showSymbol: false,
          markArea: { silent: true, itemStyle: { opacity: 0.15 },
            data: [[{ yAxis: -1000 }, { yAxis: data.form_low }]] },
          markLine: { silent: true, symbol: "none", data: [{ yAxis: data.form_low, name: "recover" }] }
        }
      ];
      return option;
    },
    load: function (data) {
      var option = base();
      option.xAxis = { type: "category", data: data.days };
      option.yAxis = { type: "value", name: "load" };
      option.series = data.sports.map(function (sport) {
        return { name: sport, type: "bar", stack: "load", data: data.by_sport[sport] };
      });
      return option;
    },
    goal: function (data) {
      var option = base();
      option.tooltip = { trigger: "item" };
      option.dataZoom = [{ type: "inside" }];
      option.grid.bottom = 28;
      option.xAxis = { type: "time" };
      option.yAxis = { type: "value", name: data.unit, scale: true };
      var readings = { name: "Readings", type: "line", data: data.readings, symbolSize: 6 };
      if (data.target !== null && data.target_max !== null) {
        readings.markArea = { silent: true, itemStyle: { opacity: 0.15 },
          data: [[{ yAxis: data.target, name: "target band" }, { yAxis: data.target_max }]] };
      } else if (data.target !== null) {
        readings.markLine = { silent: true, symbol: "none", data: [{ yAxis: data.target, name: "target" }] };
      }
      option.series = [readings];
      if (data.projection) {
        option.series.push({ name: "Projection", type: "line", data: data.projection,
          lineStyle: { type: "dashed" }, symbol: "none" });
      }
      return option;
    }
  };

  function drawCharts() {
    var charts = document.querySelectorAll("[data-chart]");
    if (!charts.length) { return; }
    loadEcharts(function () {
      charts.forEach(function (element) {
        var source = document.getElementById(element.dataset.source);
        var build = builders[element.dataset.chart];
        if (!source || !build) { return; }
        var chart = window.echarts.init(element, dark() ? "dark" : null, { renderer: "svg" });
        chart.setOption(build(JSON.parse(source.textContent)));
        window.addEventListener("resize", function () { chart.resize(); });
      });
    });
  }

  function uploadProgress() {
    // htmx sends the upload form (hx-post) and reports the bytes sent
    document.body.addEventListener("htmx:xhr:progress", function (event) {
      var bar = document.getElementById("upload-progress");
      if (bar && event.detail.lengthComputable) {
        bar.hidden = false;
        bar.value = Math.round(100 * event.detail.loaded / event.detail.total);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () { drawCharts(); uploadProgress(); });
}());
