/// The replay's drawing and controls, in JavaScript: one canvas per pane
/// (boxes, servers, queues, patient marks), a shared clock, play/pause,
/// speed and scrub bar. Positions are derived here from the model's state;
/// nothing per frame comes from the data. A static layer (box frames and
/// titles) is drawn once per layout; each frame draws only counts and marks.
enum ScriptView {
    static let source = #"""
var DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif";
var UNSET = "#A8A8A8";
function two(n) { return (n < 10 ? "0" : "") + n; }
function clock(t) {
  var m = Math.floor(t + 1e-9), day = Math.floor(m / 1440), mm = m - day * 1440;
  return DAYS[((day % 7) + 7) % 7] + " " + two(Math.floor(mm / 60)) + ":" + two(mm % 60) + " \u00b7 day " + day;
}
function ellipsize(g, s, w) {
  if (g.measureText(s).width <= w) return s;
  while (s.length > 1 && g.measureText(s + "\u2026").width > w) s = s.slice(0, -1);
  return s + "\u2026";
}
function Pane(el, d) {
  this.el = el; this.d = d; this.model = new Model(d);
  this.canvas = el.querySelector("canvas"); this.g = this.canvas.getContext("2d");
  this.table = el.querySelector("tbody");
  this.trails = []; this.last = new Map();
  this.colours = d.colour.colours;
  this.layout();
}
Pane.prototype.layout = function () {
  var d = this.d, m = this.model, W = Math.max(280, Math.floor(this.canvas.parentNode.clientWidth || 800));
  var pad = 8, gap = 10, minBox = 250, cols = Math.max(1, Math.floor((W - 2 * pad + gap) / (minBox + gap)));
  var bw = Math.floor((W - 2 * pad - gap * (cols - 1)) / cols);
  var boxes = [], y = pad, u = 0, areas = [];
  while (u < d.units.length) {
    var area = d.units[u].area, title = d.areaTitles[area] || area;
    areas.push({ title: title, y: y });
    y += 22;
    var col = 0, rowH = 0;
    for (; u < d.units.length && d.units[u].area === area; u++) {
      var inner = bw - 16, nSlots = Math.max(1, m.maxSlots[u]), cs = 16, per, rows;
      var sizes = [16, 12, 9, 7, 5, 4];
      for (var k = 0; k < sizes.length; k++) {
        cs = sizes[k]; per = Math.max(1, Math.floor(inner / cs)); rows = Math.ceil(nSlots / per);
        if (rows * cs <= 64) break;
      }
      var qs = 10, qper = Math.max(1, Math.floor(inner / qs)), qrows = Math.max(1, Math.min(3, Math.ceil(m.maxQueue[u] / qper)));
      var h = 40 + rows * cs + 20 + qrows * qs + 8;
      if (col === cols) { y += rowH + gap; col = 0; rowH = 0; }
      boxes[u] = { x: pad + col * (bw + gap), y: y, w: bw, h: h, cs: cs, per: per, rows: rows, qs: qs, qper: qper, qrows: qrows,
        sy: y + 40, qy: y + 40 + rows * cs + 20 };
      rowH = Math.max(rowH, h); col++;
    }
    y += rowH + gap + 4;
  }
  this.boxes = boxes; this.areas = areas; this.W = W; this.H = y;
  var dpr = window.devicePixelRatio || 1;
  this.canvas.style.width = W + "px"; this.canvas.style.height = y + "px";
  this.canvas.width = Math.round(W * dpr); this.canvas.height = Math.round(y * dpr);
  this.dpr = dpr;
  // The static layer.
  var bg = document.createElement("canvas"); bg.width = this.canvas.width; bg.height = this.canvas.height;
  var g = bg.getContext("2d"); g.scale(dpr, dpr);
  g.fillStyle = "#fff"; g.fillRect(0, 0, W, y);
  for (var a = 0; a < areas.length; a++) {
    g.fillStyle = "#1a1a1a"; g.font = "600 14px " + FONT; g.textBaseline = "alphabetic";
    g.fillText(areas[a].title, pad, areas[a].y + 15);
  }
  for (u = 0; u < boxes.length; u++) {
    var b = boxes[u];
    g.fillStyle = "#f7f7f5"; g.strokeStyle = "#c8c8c8"; g.lineWidth = 1;
    g.fillRect(b.x + .5, b.y + .5, b.w - 1, b.h - 1); g.strokeRect(b.x + .5, b.y + .5, b.w - 1, b.h - 1);
    g.fillStyle = "#1a1a1a"; g.font = "600 13px " + FONT;
    g.fillText(ellipsize(g, d.units[u].label, b.w - 16), b.x + 8, b.y + 16);
    g.fillStyle = "#555"; g.font = "11px " + FONT;
    g.fillText("queue", b.x + 8, b.qy - 5);
    // Every server or bed the unit has at some time in the window, drawn open;
    // each frame greys out those closed now.
    var inset = b.cs >= 9 ? 1.5 : .5, w = b.cs - 2 * inset;
    g.fillStyle = "#fff"; g.strokeStyle = "#bdbdbd"; g.lineWidth = .75;
    for (var j = 0; j < m.maxSlots[u]; j++) {
      var xy = this.slotXY(u, j);
      g.fillRect(xy[0] - b.cs / 2 + inset, xy[1] - b.cs / 2 + inset, w, w);
      g.strokeRect(xy[0] - b.cs / 2 + inset, xy[1] - b.cs / 2 + inset, w, w);
    }
  }
  this.bg = bg;
  this.trails = [];
};
Pane.prototype.slotXY = function (u, j) {
  var b = this.boxes[u], r = Math.floor(j / b.per), c = j - r * b.per;
  return [b.x + 8 + c * b.cs + b.cs / 2, b.sy + r * b.cs + b.cs / 2];
};
Pane.prototype.queueXY = function (u, j) {
  var b = this.boxes[u], r = Math.floor(j / b.qper), c = j - r * b.qper;
  return [b.x + 8 + c * b.qs + b.qs / 2, b.qy + r * b.qs + b.qs / 2];
};
Pane.prototype.colour = function (p) { var c = this.model.col[p]; return c >= 0 && c < this.colours.length ? this.colours[c] : UNSET; };
/* Moves to time t. `animate`: a forward step while playing, which leaves trails. */
Pane.prototype.go = function (t, animate, now) {
  var moves = animate ? [] : null;
  this.model.seek(t, moves);
  if (!animate) { this.trails = []; this.last.clear(); return; }
  for (var k = 0; k < moves.length; k += 4) {
    var p = moves[k], u = moves[k + 1], xy = moves[k + 2] ? this.slotXY(u, moves[k + 3]) : this.queueXY(u, moves[k + 3]);
    var prev = this.last.get(p);
    if (prev && (prev[0] !== xy[0] || prev[1] !== xy[1])) this.trails.push([prev[0], prev[1], xy[0], xy[1], now, this.colour(p)]);
    this.last.set(p, xy);
  }
  if (this.trails.length > 400) this.trails.splice(0, this.trails.length - 400);
  if (this.last.size > 5000) this.last.clear();
};
Pane.prototype.draw = function (now) {
  var g = this.g, m = this.model, dpr = this.dpr, u, j, xy;
  g.setTransform(1, 0, 0, 1, 0, 0);
  g.drawImage(this.bg, 0, 0);
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  var byColour = new Map();
  function mark(c, x, y, r) { var a = byColour.get(c); if (!a) { a = []; byColour.set(c, a); } a.push(x, y, r); }
  for (u = 0; u < this.boxes.length; u++) {
    var b = this.boxes[u], cap = m.cap[u], slots = m.slots[u], q = m.queue[u], n = Math.max(slots.length, m.maxSlots[u]);
    g.font = "12px " + FONT; g.fillStyle = "#333";
    var line = q.length + " waiting \u00b7 " + m.busy[u] + " in service \u00b7 capacity " + cap;
    g.fillText(ellipsize(g, line, b.w - 16), b.x + 8, b.y + 32);
    var cs = b.cs, inset = cs >= 9 ? 1.5 : .5;
    var w = cs - 2 * inset, r = Math.max(1.5, cs / 2 - inset - .5);
    for (j = cap; j < n; j++) {
      xy = this.slotXY(u, j);
      g.fillStyle = "#e2e2e2"; g.fillRect(xy[0] - cs / 2 + inset - .5, xy[1] - cs / 2 + inset - .5, w + 1, w + 1);
      if (j < slots.length && slots[j] >= 0) { g.strokeStyle = "#a4161a"; g.lineWidth = 1.2; g.strokeRect(xy[0] - cs / 2 + inset, xy[1] - cs / 2 + inset, w, w); }
    }
    for (j = 0; j < slots.length; j++) {
      if (slots[j] < 0) continue;
      xy = this.slotXY(u, j);
      mark(this.colour(slots[j]), xy[0], xy[1], r);
    }
    var shown = Math.min(q.length, b.qper * b.qrows), more = q.length - shown;
    if (more > 0) shown = Math.max(0, shown - 3);
    for (j = 0; j < shown; j++) { xy = this.queueXY(u, j); mark(this.colour(q[j]), xy[0], xy[1], 4); }
    if (more > 0) {
      xy = this.queueXY(u, shown); g.fillStyle = "#333"; g.font = "600 11px " + FONT;
      g.fillText("+" + (q.length - shown), xy[0] - 3, xy[1] + 4);
    }
  }
  byColour.forEach(function (a, c) {
    g.fillStyle = c; g.beginPath();
    for (var k = 0; k < a.length; k += 3) { g.moveTo(a[k] + a[k + 2], a[k + 1]); g.arc(a[k], a[k + 1], a[k + 2], 0, 6.2832); }
    g.fill();
  });
  var keep = [];
  for (var k = 0; k < this.trails.length; k++) {
    var tr = this.trails[k], age = (now - tr[4]) / 700;
    if (age >= 1) continue;
    keep.push(tr);
    g.globalAlpha = 0.55 * (1 - age); g.strokeStyle = tr[5]; g.lineWidth = 2;
    g.beginPath(); g.moveTo(tr[0], tr[1]); g.lineTo(tr[2], tr[3]); g.stroke();
  }
  g.globalAlpha = 1;
  this.trails = keep;
};
Pane.prototype.fillTable = function () {
  var m = this.model, rows = this.table.rows;
  for (var u = 0; u < rows.length; u++) {
    var c = rows[u].cells;
    c[1].textContent = m.queue[u].length; c[2].textContent = m.busy[u]; c[3].textContent = m.cap[u];
    c[4].textContent = m.reneged[u]; c[5].textContent = m.balked[u];
  }
};
function Player(root) {
  var data = JSON.parse(root.querySelector("script.rp-data").textContent);
  var self = this;
  this.root = root;
  this.panes = Array.prototype.map.call(root.querySelectorAll(".rp-pane"), function (el, i) { return new Pane(el, data[i]); });
  this.from = data[0].from; this.to = data[0].to; this.t = this.from;
  this.playing = false; this.frames = 0; this.lastTable = 0; this.prev = 0;
  this.btn = root.querySelector(".rp-play"); this.speed = root.querySelector(".rp-speed");
  this.scrub = root.querySelector(".rp-scrub"); this.clock = root.querySelector(".rp-clock");
  this.scrub.min = this.from; this.scrub.max = this.to; this.scrub.value = this.from;
  this.btn.addEventListener("click", function () { self.playing ? self.pause() : self.play(); });
  this.scrub.addEventListener("input", function () { self.seek(parseFloat(self.scrub.value)); });
  var resized = 0;
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(function () { self.panes.forEach(function (p) { p.layout(); }); self.render(performance.now(), true); }, 150);
  });
  this.render(performance.now(), true);
  requestAnimationFrame(function loop(now) { self.frame(now); requestAnimationFrame(loop); });
}
Player.prototype.play = function () {
  if (this.t >= this.to) this.seek(this.from);
  this.playing = true; this.prev = 0; this.btn.textContent = "\u275a\u275a Pause"; this.btn.setAttribute("aria-pressed", "true");
};
Player.prototype.pause = function () {
  this.playing = false; this.btn.textContent = "\u25b6 Play"; this.btn.setAttribute("aria-pressed", "false");
  this.render(performance.now(), true);
};
Player.prototype.seek = function (t) {
  this.t = Math.max(this.from, Math.min(this.to, t));
  var t0 = this.t;
  this.panes.forEach(function (p) { p.go(t0, false, 0); });
  this.render(performance.now(), true);
};
Player.prototype.frame = function (now) {
  this.frames++;
  if (!this.playing) return;
  var dt = this.prev ? Math.min(0.25, (now - this.prev) / 1000) : 0;
  this.prev = now;
  this.t = Math.min(this.to, this.t + dt * parseFloat(this.speed.value));
  var t = this.t;
  this.panes.forEach(function (p) { p.go(t, true, now); });
  this.render(now, now - this.lastTable > 250);
  if (this.t >= this.to) this.pause();
};
Player.prototype.render = function (now, table) {
  this.panes.forEach(function (p) { p.draw(now); if (table) p.fillTable(); });
  if (table) this.lastTable = now;
  this.clock.textContent = clock(this.t);
  this.scrub.value = this.t;
};
var players = Array.prototype.map.call(document.querySelectorAll(".cf-replay"), function (r) { return new Player(r); });
window.CareFlowReplay = { Model: Model, players: players, clock: clock };
"""#
}
