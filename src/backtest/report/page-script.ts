/**
 * The page's own script, inlined after lightweight-charts' standalone build (which defines window.LightweightCharts).
 * Plain ES2017 that any current browser runs as is; the page test runs it in Chromium. It reads the chart payload
 * from #chart-data, draws the equity chart and one chart per symbol (with many symbols, the one picked), and marks
 * <html data-charts="N"> with the charts drawn so far.
 */
export const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var L = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('chart-data').textContent);
  var FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
  var C = { panel: '#2962ff', hold: '#98a2b3', pos: '#12b76a', neg: '#f04438', exit: '#7f56d9', grid: '#f2f4f7', line: '#e4e7ec' };

  function group(s) {
    var neg = s.charAt(0) === '-';
    if (neg) s = s.slice(1);
    var dot = s.indexOf('.');
    var i = dot < 0 ? s : s.slice(0, dot);
    var f = dot < 0 ? '' : s.slice(dot);
    return (neg ? '-' : '') + i.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + f;
  }
  function money(v) { return group(v.toFixed(Math.abs(v) >= 1000 ? 0 : 2)); }
  function pct(v) {
    var s = (v * 100).toFixed(1);
    return (s === '-0.0' ? '0.0' : s) + '%';
  }
  function price(v) {
    var a = Math.abs(v);
    // The axis's tick at zero comes as float noise (-2.7e-18) when the prices are small: it read "-0.0000000".
    if (a < 1e-12) return '0.00';
    var d = a >= 100 ? 2 : Math.min(10, Math.max(2, 3 - Math.floor(Math.log10(a))));
    return group(v.toFixed(d));
  }
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  // A tick at a day of the month reads "Oct 2", not a lone "2" among months and years. The months of a year the chart
  // enters part-way read "Jul 2017": its first, partial year, which has no tick of its own (a lone "Feb" began the
  // axis), and a year it reaches after a hole of over a month (files with years between them): that year's tick sat
  // beside the last one before the hole, where the library hid it, and its "Jul" read as the earlier year's.
  // Others: the library's. The rows: the chart's points, [time, ...] each, in time order.
  // A run of over three years: its axis labels every other year or fewer, so a month's tick could sit after a year
  // not labelled ("2013 Aug" for Aug 2014, the last year's tick hidden): each month tick there reads "Aug 2014".
  function ticks(rows) {
    var entered = {};
    var long = rows.length > 1 && rows[rows.length - 1][0] - rows[0][0] > 3 * 365 * 86400;
    for (var i = 0; i < rows.length; i++) {
      if (i > 0 && rows[i][0] - rows[i - 1][0] <= 31 * 86400) continue;
      var year = new Date(rows[i][0] * 1000).getUTCFullYear();
      if (i === 0 || new Date(rows[i - 1][0] * 1000).getUTCFullYear() !== year) entered[year] = true;
    }
    return function (time, type) {
      if (typeof time !== 'number' || (type !== 1 && type !== 2)) return null;
      var d = new Date(time * 1000);
      if (type === 2) return MONTHS[d.getUTCMonth()] + ' ' + d.getUTCDate();
      return long || entered[d.getUTCFullYear()] ? MONTHS[d.getUTCMonth()] + ' ' + d.getUTCFullYear() : null;
    };
  }
  function options(formatter, rows) {
    var o = {
      autoSize: true,
      layout: {
        background: { type: 'solid', color: '#ffffff' }, textColor: '#475467', fontSize: 12,
        fontFamily: FONT, attributionLogo: false,
        panes: { separatorColor: C.line, enableResize: false }
      },
      grid: { vertLines: { color: C.grid }, horzLines: { color: C.grid } },
      // Whole price labels only: one at the pane's edge was cut in half ("52.00" at GOOG's bottom).
      rightPriceScale: { borderColor: C.line, entireTextOnly: true },
      // A small minimum spacing lets fitContent show the whole run however many points it has. Both edges fixed: the
      // run is all there is to scroll to, and the library then keeps the first and last time labels inside the axis
      // (centred on their bar they were cut by the edge: "ul" for "Jul").
      timeScale: {
        borderColor: C.line, timeVisible: data.intraday, secondsVisible: false, minBarSpacing: 0.001, tickMarkFormatter: ticks(rows),
        fixLeftEdge: true, fixRightEdge: true
      }
    };
    // The chart-wide formatter overrides each series' own, so the equity chart (money above, percent below) has none.
    if (formatter) o.localization = { priceFormatter: formatter };
    return o;
  }
  function points(list) {
    var out = new Array(list.length);
    for (var i = 0; i < list.length; i++) out[i] = { time: list[i][0], value: list[i][1] };
    return out;
  }
  var drawn = 0;

  function equityChart() {
    var el = document.getElementById('chart-equity');
    if (!el || data.equity.panel.length === 0) return;
    var chart = L.createChart(el, options(null, data.equity.panel));
    var fmt = { type: 'custom', formatter: money, minMove: 0.01 };
    var hold = chart.addSeries(L.LineSeries, { color: C.hold, lineWidth: 2, priceFormat: fmt, priceLineVisible: false, title: 'buy & hold' });
    hold.setData(points(data.equity.hold));
    var panel = chart.addSeries(L.LineSeries, { color: C.panel, lineWidth: 2, priceFormat: fmt, priceLineVisible: false, title: 'panel' });
    panel.setData(points(data.equity.panel));
    var ddFmt = { type: 'custom', formatter: pct, minMove: 0.0001 };
    var holdDd = chart.addSeries(L.LineSeries, { color: C.hold, lineWidth: 1, priceFormat: ddFmt, priceLineVisible: false, lastValueVisible: false }, 1);
    holdDd.setData(points(data.equity.holdDrawdown));
    var dd = chart.addSeries(L.BaselineSeries, {
      baseValue: { type: 'price', price: 0 }, priceFormat: ddFmt, priceLineVisible: false, lineWidth: 1,
      topLineColor: C.neg, topFillColor1: 'rgba(240,68,56,0)', topFillColor2: 'rgba(240,68,56,0)',
      bottomLineColor: C.neg, bottomFillColor1: 'rgba(240,68,56,0.08)', bottomFillColor2: 'rgba(240,68,56,0.35)', title: 'drawdown'
    }, 1);
    dd.setData(points(data.equity.drawdown));
    // Log scale where the curves span a doubling or more: a run over years compounds, and equal distances then mean
    // equal returns. A run that moves a few percent gains nothing from it, and its ticks came uneven (97,300, 98,300,
    // 99,300, 100,500, 102,000): a linear axis there. The top margin keeps the highest price label clear of the edge.
    var lo = Infinity, hi = -Infinity;
    [data.equity.panel, data.equity.hold].forEach(function (rows) {
      for (var i = 0; i < rows.length; i++) { lo = Math.min(lo, rows[i][1]); hi = Math.max(hi, rows[i][1]); }
    });
    var mode = lo > 0 && hi / lo >= 2 ? L.PriceScaleMode.Logarithmic : L.PriceScaleMode.Normal;
    panel.priceScale().applyOptions({ mode: mode, scaleMargins: { top: 0.08, bottom: 0.05 } });
    // Said in the legend: unlabelled, the uneven ticks of a log axis made the panel look closer to buy & hold than it was.
    var scale = document.getElementById('equity-scale');
    if (scale) scale.textContent = mode === L.PriceScaleMode.Logarithmic ? 'equity on a log scale (equal distances, equal returns)' : 'equity on a linear scale';
    // The legend reads out the values under the cursor.
    var readout = document.getElementById('equity-readout');
    if (readout) {
      chart.subscribeCrosshairMove(function (param) {
        if (param.time === undefined || !param.seriesData) { readout.textContent = ''; return; }
        var at = function (series, fmt) { var d = param.seriesData.get(series); return d && d.value !== undefined ? fmt(d.value) : '—'; };
        readout.textContent = new Date(param.time * 1000).toISOString().slice(0, data.intraday ? 16 : 10).replace('T', ' ') +
          ' · panel ' + at(panel, money) + ' · buy & hold ' + at(hold, money) + ' · drawdown ' + at(dd, pct);
      });
    }
    var panes = chart.panes();
    if (panes.length > 1) { panes[0].setStretchFactor(3); panes[1].setStretchFactor(1); }
    chart.timeScale().fitContent();
    drawn++;
  }

  function symbolChart(s, i) {
    var el = document.getElementById('chart-symbol-' + i);
    if (!el) return;
    var chart = L.createChart(el, options(price, s.candles));
    var series = chart.addSeries(L.CandlestickSeries, {
      upColor: C.pos, downColor: C.neg, borderVisible: false, wickUpColor: C.pos, wickDownColor: C.neg,
      priceFormat: { type: 'custom', formatter: price, minMove: 1e-10 }
    });
    var bars = new Array(s.candles.length);
    for (var k = 0; k < s.candles.length; k++) {
      var c = s.candles[k];
      bars[k] = { time: c[0], open: c[1], high: c[2], low: c[3], close: c[4] };
    }
    series.setData(bars);
    // Few markers: arrows with what happened. Many (a long run seen whole): small translucent dots, so the price
    // stays visible; zooming in spreads them out.
    var labelled = s.markers.length <= 40;
    var dense = s.markers.length > 300;
    // Log scale, as for equity: years of a stock span a tenfold range or more, and on a linear scale the markers'
    // margin below the lowest bars pushed the axis under zero. The markers bring their own room (24 px above and
    // below): the library's margins (20 % above, 10 % below) on top of it left some 40 % of the axis empty (ORCL's ran
    // 1 to 200 for prices of 2 to 45). A small margin now, a little more for the labels under and over the arrows.
    var margin = labelled ? 0.05 : 0.02;
    series.priceScale().applyOptions({ mode: L.PriceScaleMode.Logarithmic, scaleMargins: { top: margin, bottom: margin } });
    var markers = s.markers.map(function (m) {
      var buy = m[1] === 'buy';
      var text = (buy ? 'buy' : m[3]) + (m[2] > 1 ? ' ×' + m[2] : '');
      return {
        time: m[0], position: buy ? 'belowBar' : 'aboveBar',
        shape: dense ? 'circle' : buy ? 'arrowUp' : 'arrowDown',
        color: dense ? (buy ? 'rgba(41,98,255,0.55)' : 'rgba(127,86,217,0.55)') : buy ? C.panel : C.exit,
        text: labelled ? text : '', size: dense ? 0.5 : 1
      };
    });
    var plugin = L.createSeriesMarkers(series, markers);
    if (labelled) edgeLabels(chart, plugin, markers);
    chart.timeScale().fitContent();
    drawn++;
  }

  // A marker's label is centred on its bar, so at the pane's edge it was cut ("bu" for the last buy). A label that
  // would not fit is left out while the bars are seen so (its arrow stays); zoomed or scrolled in, it comes back.
  function edgeLabels(chart, plugin, markers) {
    var ctx = document.createElement('canvas').getContext('2d');
    ctx.font = '12px ' + FONT;
    var ts = chart.timeScale();
    function fit() {
      var w = ts.width();
      plugin.setMarkers(markers.map(function (m) {
        var x = ts.timeToCoordinate(m.time);
        var half = ctx.measureText(m.text).width / 2 + 1;
        return x !== null && x - half >= 0 && x + half <= w ? m : Object.assign({}, m, { text: '' });
      }));
    }
    ts.subscribeVisibleLogicalRangeChange(fit);
    ts.subscribeSizeChange(fit);
  }

  var made = {};
  function draw(k) {
    if (made[k]) return;
    made[k] = true;
    symbolChart(data.symbols[k], k);
    document.documentElement.setAttribute('data-charts', String(drawn));
  }

  // Many symbols (the page then has a picker): one chart at a time, each drawn when first shown; a name in the symbols
  // table (a link to #symbol-K) shows its chart, and the page moves to it.
  function picker() {
    var pick = document.getElementById('symbol-pick');
    if (!pick) return false;
    var current = -1;
    function show(k) {
      if (!(k >= 0 && k < data.symbols.length) || k === current) return;
      if (current >= 0) document.getElementById('symbol-' + current).hidden = true;
      document.getElementById('symbol-' + k).hidden = false;
      current = k;
      pick.value = String(k);
      draw(k);
    }
    for (var k = 0; k < data.symbols.length; k++) document.getElementById('symbol-' + k).hidden = true;
    function fromHash() {
      var m = /^#symbol-(\d+)$/.exec(location.hash);
      if (m) show(Number(m[1]));
      return m !== null;
    }
    pick.addEventListener('change', function () { show(Number(pick.value)); });
    document.getElementById('symbol-prev').addEventListener('click', function () { show(current - 1); });
    document.getElementById('symbol-next').addEventListener('click', function () { show(current + 1); });
    // A name in the table shows its chart and brings the picker to the top of the window, the chart under it.
    document.addEventListener('click', function (ev) {
      var a = ev.target && ev.target.closest ? ev.target.closest('a[href^="#symbol-"]') : null;
      if (!a) return;
      ev.preventDefault();
      show(Number(a.getAttribute('href').slice(8)));
      history.replaceState(null, '', a.getAttribute('href'));
      pick.parentNode.scrollIntoView({ block: 'start' });
    });
    window.addEventListener('hashchange', fromHash);
    if (!fromHash()) show(0);
    return true;
  }

  equityChart();
  document.documentElement.setAttribute('data-charts', String(drawn));
  if (!picker()) data.symbols.forEach(function (s, k) { draw(k); });
})();
`;
