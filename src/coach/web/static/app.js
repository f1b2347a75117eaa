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
      grid: { left: 44, right: 12, top: 44, bottom: 56 },
      legend: { top: 0, type: "scroll" },
      dataZoom: [{ type: "inside" }, { type: "slider", height: 18, bottom: 8 }]
    };
  }

  var builders = {
    fitness: function (data) {
      var option = base();
      var colors = { fitness: "#3b6fd4", fatigue: "#d9822b", form: "#6b7280" };
      function dashed(color) { return { type: "dashed", color: color }; }
      option.xAxis = { type: "time", axisLabel: { hideOverlap: true } };
      option.yAxis = { type: "value" };
      option.series = [
        { name: "Fitness", type: "line", data: data.ctl, showSymbol: false, color: colors.fitness },
        { name: "Fatigue", type: "line", data: data.atl, showSymbol: false, color: colors.fatigue },
        {
          name: "Form", type: "line", data: data.form, showSymbol: false, color: colors.form,
          markArea: { silent: true, itemStyle: { opacity: 0.15 },
            data: [[{ yAxis: -1000 }, { yAxis: data.form_low }]] },
          markLine: { silent: true, symbol: "none", data: [{ yAxis: data.form_low, name: "recover" }] }
        }
      ];
      if (data.planned_ctl.length) {
        option.series.push(
          { name: "Fitness (plan)", type: "line", data: data.planned_ctl, showSymbol: false,
            color: colors.fitness, lineStyle: dashed(colors.fitness) },
          { name: "Fatigue (plan)", type: "line", data: data.planned_atl, showSymbol: false,
            color: colors.fatigue, lineStyle: dashed(colors.fatigue) },
          { name: "Form (plan)", type: "line", data: data.planned_form, showSymbol: false,
            color: colors.form, lineStyle: dashed(colors.form),
            markLine: { silent: true, symbol: "none", label: { formatter: "today" }, data: [{ xAxis: data.today }] } }
        );
      }
      return option;
    },
    load: function (data) {
      var option = base();
      option.xAxis = { type: "time", axisLabel: { hideOverlap: true } };
      option.yAxis = { type: "value", name: "load" };
      option.series = data.sports.map(function (sport) {
        return { name: sport, type: "bar", stack: "done", data: data.by_sport[sport] };
      });
      data.sports.forEach(function (sport) {
        if (data.planned_by_sport[sport].some(function (pair) { return pair[1] > 0; })) {
          option.series.push({ name: sport + " (plan)", type: "bar", stack: "plan",
            data: data.planned_by_sport[sport], itemStyle: { opacity: 0.45 } });
        }
      });
      return option;
    },
    goal: function (data) {
      var option = base();
      option.tooltip = { trigger: "item" };
      option.dataZoom = [{ type: "inside" }];
      option.grid.bottom = 28;
      option.xAxis = { type: "time", axisLabel: { hideOverlap: true } };
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

  function dragToMove() {
    // a coming session dropped on another day opens the move's confirmation (the same form a
    // phone sends from the session's page): nothing changes until the athlete confirms
    var week = document.querySelector("ol.days[data-csrf]");
    if (!week) { return; }
    var moving = null;
    week.querySelectorAll("li[data-move]").forEach(function (item) {
      item.addEventListener("dragstart", function (event) {
        moving = item;
        event.dataTransfer.effectAllowed = "move";
        event.dataTransfer.setData("text/plain", item.dataset.move);
      });
    });
    week.querySelectorAll("li.day").forEach(function (day) {
      day.addEventListener("dragover", function (event) {
        if (moving) { event.preventDefault(); day.classList.add("drop"); }
      });
      day.addEventListener("dragleave", function () { day.classList.remove("drop"); });
      day.addEventListener("drop", function (event) {
        event.preventDefault();
        day.classList.remove("drop");
        if (!moving || moving.closest("li.day") === day) { moving = null; return; }
        var form = document.createElement("form");
        form.method = "post";
        form.action = moving.dataset.move;
        [["csrf", week.dataset.csrf], ["to", day.dataset.day]].forEach(function (pair) {
          var input = document.createElement("input");
          input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
          form.appendChild(input);
        });
        document.body.appendChild(form);
        form.submit();
      });
    });
  }

  // Sign-up: the time zone the browser is in, unless one was typed.
  function guessTimezone() {
    var field = document.querySelector("input[data-guess-timezone]");
    if (!field || field.value !== "UTC" || !window.Intl) { return; }
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) { field.value = zone; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts(); uploadProgress(); dragToMove(); guessTimezone();
  });
}());
