// SPDX-License-Identifier: GPL-2.0
//
// vsw-sflowd's live page: one event a second from /events (see
// userland/sflowd/live.c for its fields), drawn as scrolling charts
// (uPlot) and tables. window.vswLive tells the tests what was drawn.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

const POINTS = 120;		// seconds of history in a chart
const WIDTH = 420, HEIGHT = 150;
const RX = '#1f77b4', TX = '#ff7f0e';

const live = { events: 0, last: null, charts: {} };
window.vswLive = live;

const $ = (id) => document.getElementById(id);

function si(v) {
	const p = ['', 'k', 'M', 'G', 'T'];
	let i = 0;
	while (v >= 999.95 && i < p.length - 1) {
		v /= 1000;
		i++;
	}
	return i ? `${v.toFixed(2)} ${p[i]}` : `${v.toFixed(1)} `;
}

// hh:mm:ss of Unix seconds @t
function clock(t) {
	return new Date(t * 1000).toTimeString().slice(0, 8);
}

function el(tag, attrs = {}, text) {
	const e = document.createElement(tag);
	for (const [k, v] of Object.entries(attrs))
		e.setAttribute(k, v);
	if (text !== undefined)
		e.textContent = text;
	return e;
}

// One chart: bits per second received and sent over the last POINTS s.
function chart(parent, key, title) {
	let c = live.charts[key];
	if (c)
		return c;
	const box = el('div', { class: 'chart', 'data-key': key, 'data-points': '0' });
	box.append(el('div', { class: 'title' }, title), el('div', { class: 'now' }));
	parent.append(box);
	const data = [[], [], []];
	const u = new uPlot({
		width: WIDTH,
		height: HEIGHT,
		legend: { show: false },
		scales: { y: { range: (u, min, max) => [0, max > 0 ? max * 1.1 : 1] } },
		axes: [
			{ space: 70, values: (u, vals) => vals.map(clock) },
			{ size: 60, values: (u, vals) => vals.map((v) => si(v).trim()) },
		],
		series: [
			{},
			{ label: 'rx bit/s', stroke: RX, width: 2, points: { show: false } },
			{ label: 'tx bit/s', stroke: TX, width: 2, points: { show: false } },
		],
	}, data, box);
	c = live.charts[key] = { box, u, data, seen: 0 };
	return c;
}

function push(c, t, r) {
	c.data[0].push(t);
	c.data[1].push(r.rx_bps);
	c.data[2].push(r.tx_bps);
	for (const d of c.data)
		if (d.length > POINTS)
			d.shift();
	c.u.setData(c.data);
	c.box.dataset.points = String(c.data[0].length);
	const now = c.box.querySelector('.now');
	now.replaceChildren(
		el('span', { style: `color:${RX}` }, '━ '),
		`rx ${si(r.rx_bps)}bit/s ${si(r.rx_pps)}fr/s   `,
		el('span', { style: `color:${TX}` }, '━ '),
		`tx ${si(r.tx_bps)}bit/s ${si(r.tx_pps)}fr/s`);
}

// Charts not in this event are removed.
function charts(parent, items, keyOf, titleOf, t, n) {
	const keep = new Set();
	for (const r of items) {
		const key = keyOf(r);
		keep.add(key);
		const c = chart(parent, key, titleOf(r));
		c.seen = n;
		push(c, t, r);
	}
	for (const box of [...parent.children]) {
		const key = box.dataset.key;
		if (!keep.has(key)) {
			live.charts[key].u.destroy();
			delete live.charts[key];
			box.remove();
		}
	}
}

function row(tbody, cells) {
	const tr = el('tr');
	for (const [text, cls] of cells)
		tr.append(el('td', cls ? { class: cls } : {}, text));
	tbody.append(tr);
}

function empty(tbody, cols, text) {
	const tr = el('tr');
	tr.append(el('td', { colspan: String(cols), class: 'empty' }, text));
	tbody.append(tr);
}

const PROTO = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 58: 'ICMPv6', 47: 'GRE', 132: 'SCTP' };

function flows(ev) {
	const box = $('flows');
	box.replaceChildren();
	if (!ev.flows.length)
		box.append(el('p', { class: 'empty' }, 'no samples in the window'));
	for (const v of ev.flows) {
		const t = el('table', { class: 'flows', 'data-vsid': String(v.vsid) });
		t.append(el('caption', {}, v.vsid ? `VSID ${v.vsid}` : 'no VSID'));
		const h = el('tr');
		for (const c of ['source', 'destination', 'protocol', 'ports',
			'bits/s', 'frames/s', 'samples', 'error'])
			h.append(el('th', {}, c));
		const head = el('thead');
		head.append(h);
		t.append(head);
		const b = t.appendChild(el('tbody'));
		for (const f of v.top) {
			const proto = f.ethertype !== undefined ?
				`0x${f.ethertype.toString(16).padStart(4, '0')}` :
				PROTO[f.proto] || String(f.proto);
			const ports = f.sport || f.dport ? `${f.sport} → ${f.dport}` : '';
			row(b, [[f.src, 'addr'], [f.dst, 'addr'], [proto], [ports],
				[si(f.bps)], [si(f.pps)], [String(f.samples)],
				[`±${f.error_pct.toFixed(0)}%`]]);
		}
		box.append(t);
	}
}

function hosts(ev) {
	const b = $('hosts').tBodies[0];
	b.replaceChildren();
	if (!ev.hosts.length)
		empty(b, 6, 'no tunnelled samples in the window');
	for (const h of ev.hosts)
		row(b, [[h.src, 'addr'], [h.dst, 'addr'], [si(h.bps)], [si(h.pps)],
			[String(h.samples)], [`±${h.error_pct.toFixed(0)}%`]]);
}

function drops(ev) {
	const b = $('drops').tBodies[0];
	b.replaceChildren();
	for (const s of ev.switches)
		for (const d of s.drops)
			row(b, [[s.name], [d.reason], [si(d.pps)], [String(d.total)]]);
	if (!b.children.length)
		empty(b, 4, 'no drops');
}

function update(ev) {
	live.events++;
	live.last = ev;
	const t = ev.time;
	charts($('vsids'), ev.vsids, (r) => `vsid-${r.vsid}`,
		(r) => `VSID ${r.vsid} (${r.ports} port${r.ports === 1 ? '' : 's'})`,
		t, live.events);
	charts($('ports'), ev.ports, (r) => `port-${r.switch}-${r.dev}`,
		(r) => `${r.switch} ${r.dev}${r.vsid !== undefined ? ` (VSID ${r.vsid})` : ''}`,
		t, live.events);
	flows(ev);
	hosts(ev);
	drops(ev);
	const s = ev.sampling;
	$('window').textContent = `(last ${s.window.toFixed(0)} s; ` +
		`${s.samples} samples, ${s.lost} lost)`;
	$('clock').textContent = clock(t);
}

function connect() {
	const es = new EventSource('events');
	es.onopen = () => {
		$('status').textContent = 'live';
		$('status').className = 'up';
	};
	es.onerror = () => {
		// EventSource reconnects by itself (retry: 2000).
		$('status').textContent = 'disconnected, retrying';
		$('status').className = 'down';
	};
	es.onmessage = (m) => update(JSON.parse(m.data));
}

connect();
