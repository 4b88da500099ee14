/// The replay's state function, in JavaScript: the state of every unit at
/// time t, rebuilt from the step events alone (the same code the page draws
/// from and the tests call). Checkpoints every 1024 events make any seek
/// cost at most 1024 event applications.
enum ScriptModel {
    static let source = #"""
"use strict";
var CP = 1024;
function Model(d) {
  this.d = d;
  var n = d.t.length, i;
  this.n = n; this.nu = d.units.length; this.np = d.patients; this.prologue = d.prologue;
  this.from = d.from; this.to = d.to;
  this.T = new Float64Array(n);
  for (i = 0; i < n; i++) this.T[i] = d.t[i];
  this.K = Int8Array.from(d.k); this.U = Int32Array.from(d.u); this.P = Int32Array.from(d.p);
  this.maxQueue = new Int32Array(this.nu); this.maxSlots = new Int32Array(this.nu);
  this.capChanges = [];
  this.reset();
  this.cps = [];
  for (i = 0; i < n; i++) {
    if (i % CP === 0) this.cps.push(this.snap());
    this.apply(i, null);
    this.i = i + 1;
    var u = this.U[i];
    if (this.K[i] === 7) { if (i >= this.prologue) this.capChanges.push(this.T[i]); }
    if (this.K[i] !== 6) {
      if (this.queue[u].length > this.maxQueue[u]) this.maxQueue[u] = this.queue[u].length;
      var s = Math.max(this.slots[u].length, this.cap[u]);
      if (s > this.maxSlots[u]) this.maxSlots[u] = s;
    }
  }
  this.restore(this.cps.length ? this.cps[0] : this.snap());
  this.seek(this.from);
}
Model.prototype.reset = function () {
  var nu = this.nu, u;
  this.i = 0;
  this.queue = []; this.slots = [];
  for (u = 0; u < nu; u++) { this.queue.push([]); this.slots.push([]); }
  this.busy = new Int32Array(nu); this.cap = new Int32Array(nu);
  this.reneged = new Int32Array(nu); this.balked = new Int32Array(nu);
  this.waitAt = new Int32Array(this.np).fill(-1);
  this.col = new Int16Array(this.np).fill(-1);
};
Model.prototype.snap = function () {
  return { i: this.i, queue: this.queue.map(function (a) { return a.slice(); }), slots: this.slots.map(function (a) { return a.slice(); }),
    busy: this.busy.slice(), cap: this.cap.slice(), reneged: this.reneged.slice(), balked: this.balked.slice(),
    waitAt: this.waitAt.slice(), col: this.col.slice() };
};
Model.prototype.restore = function (s) {
  this.i = s.i;
  this.queue = s.queue.map(function (a) { return a.slice(); }); this.slots = s.slots.map(function (a) { return a.slice(); });
  this.busy = s.busy.slice(); this.cap = s.cap.slice(); this.reneged = s.reneged.slice(); this.balked = s.balked.slice();
  this.waitAt = s.waitAt.slice(); this.col = s.col.slice();
};
function drop(list, p) { var k = list.indexOf(p); if (k >= 0) list.splice(k, 1); return k; }
Model.prototype.trim = function (u) {
  var s = this.slots[u];
  while (s.length > this.cap[u] && s.length > 0 && s[s.length - 1] < 0) s.pop();
};
/* Applies event i. `moves`, if given, collects [patient, unit, inService, slotOrQueueIndex]. */
Model.prototype.apply = function (i, moves) {
  var k = this.K[i], u = this.U[i], p = this.P[i], s, j;
  switch (k) {
    case 1: // wait
      this.queue[u].push(p); this.waitAt[p] = u;
      if (moves) moves.push(p, u, 0, this.queue[u].length - 1);
      break;
    case 2: // seize: from the queue if it waited there
      if (this.waitAt[p] === u) { drop(this.queue[u], p); this.waitAt[p] = -1; }
      s = this.slots[u]; j = s.indexOf(-1);
      if (j < 0) { j = s.length; s.push(p); } else s[j] = p;
      this.busy[u]++;
      if (moves) moves.push(p, u, 1, j);
      break;
    case 3: // release
      s = this.slots[u]; j = s.indexOf(p);
      if (j >= 0) { s[j] = -1; this.busy[u]--; this.trim(u); }
      break;
    case 4: // renege: leaves the queue
      if (this.waitAt[p] === u) { drop(this.queue[u], p); this.waitAt[p] = -1; }
      this.reneged[u]++;
      break;
    case 5: this.balked[u]++; break;
    case 6: this.col[p] = u; break;
    case 7: this.cap[u] = p; this.trim(u); break;
  }
};
/* Number of events at or before t (binary search). */
Model.prototype.index = function (t) {
  var lo = 0, hi = this.n;
  while (lo < hi) { var m = (lo + hi) >>> 1; if (this.T[m] <= t) lo = m + 1; else hi = m; }
  return Math.max(lo, this.prologue);
};
/* Brings the state to time t (all events at times <= t applied). */
Model.prototype.seek = function (t, moves) {
  var target = this.index(t);
  if (target < this.i || target - this.i > CP) {
    var c = this.cps[Math.floor(target / CP)];
    if (c && (target < this.i || c.i > this.i)) this.restore(c);
    moves = null;
  }
  while (this.i < target) this.apply(this.i++, moves);
};
/* [waiting, in service, capacity] of every unit at time t. */
Model.prototype.countsAt = function (t) {
  this.seek(t);
  var out = [];
  for (var u = 0; u < this.nu; u++) out.push([this.queue[u].length, this.busy[u], this.cap[u]]);
  return out;
};
"""#
}
